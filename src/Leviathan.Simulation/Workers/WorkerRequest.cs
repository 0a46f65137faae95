using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;

namespace Leviathan.Simulation.Workers;

/// <summary>One line the host sends to a worker.</summary>
internal sealed record WorkerRequest
{
    public const string ValidateOp = "validate";
    public const string SimulateOp = "simulate";
    public const string OpenOp = "open";
    public const string AdvanceOp = "advance";
    public const string FinishOp = "finish";
    public const string RenderOp = "render";

    public required string Op { get; init; }

    public ValidateWork? Validate { get; init; }

    public SimulationRequest? Simulation { get; init; }

    public RenderWork? Render { get; init; }

    /// <summary>Key of the compiled model in the worker's cache (see CompiledModelCache); null: compile, do not cache.</summary>
    public string? ModelKey { get; init; }

    public int Steps { get; init; }

    public Dictionary<string, double>? Set { get; init; }
}
