using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;

namespace Leviathan.Simulation.Workers;

/// <summary>One line a worker answers with; <see cref="Failure"/> is an infrastructure fault in the worker.</summary>
internal sealed record WorkerResponse
{
    public string? Failure { get; init; }

    public int? Version { get; init; }

    public ValidationOutcome? Validation { get; init; }

    public SimulationResult? Simulation { get; init; }

    public AdvanceOutcome? Advance { get; init; }

    public RenderOutcome? Render { get; init; }
}
