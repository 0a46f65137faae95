using Leviathan.Simulation.Running;

namespace Leviathan.Engineering.Rendering;

/// <summary>
/// A drawn filmstrip. <see cref="Error"/> says why nothing could be drawn (a part did not render, the scene does not
/// load); <see cref="Instability"/> when the simulation diverged part-way (the frames before it are kept).
/// </summary>
public sealed record FilmstripResult
{
    public string? Error { get; init; }

    public SimulationInstability? Instability { get; init; }

    /// <summary>The pictures in time order, every view of one time before the next.</summary>
    public IReadOnlyList<FilmstripFrame> Frames { get; init; } = [];

    /// <summary>The simulated seconds the strip spans (the objective's time limit).</summary>
    public double Seconds { get; init; }

    /// <summary>The MJCF that was drawn (environment plus placed parts).</summary>
    public string SceneXml { get; init; } = string.Empty;
}
