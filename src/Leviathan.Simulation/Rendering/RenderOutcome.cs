using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Rendering;

/// <summary>A worker's answer to a render job. <see cref="Failure"/>: rendering itself is not possible on this machine (no OpenGL).</summary>
internal sealed record RenderOutcome
{
    public string? Failure { get; init; }

    public ModelFinding? Error { get; init; }

    public SimulationInstability? Instability { get; init; }

    public IReadOnlyList<RenderedFrame> Frames { get; init; } = [];

    public IReadOnlyList<ModelFinding> Warnings { get; init; } = [];

    public double RenderWallSeconds { get; init; }
}
