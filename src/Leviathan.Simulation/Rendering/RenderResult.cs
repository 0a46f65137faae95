using System.Text.Json.Serialization;
using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Rendering;

/// <summary>
/// What <see cref="SceneRenderer"/> drew. <see cref="Error"/> is set when the model could not be simulated (nothing
/// drawn); <see cref="Instability"/> when the simulation diverged part-way (frames up to that point are kept).
/// </summary>
public sealed record RenderResult
{
    public ModelFinding? Error { get; init; }

    public SimulationInstability? Instability { get; init; }

    [JsonIgnore]
    public bool Succeeded => Error is null && Instability is null;

    /// <summary>The PNG files in time order, every view of one time before the next time.</summary>
    public IReadOnlyList<RenderedFrame> Frames { get; init; } = [];

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>The MP4 file, when the request asked for one.</summary>
    public string? VideoPath { get; init; }

    /// <summary>Frames per second of the video (the simulation's own speed).</summary>
    public double? VideoFps { get; init; }

    public IReadOnlyList<ModelFinding> Warnings { get; init; } = [];

    /// <summary>Wall-clock seconds the worker spent drawing and encoding frames (excludes loading and stepping).</summary>
    public double RenderWallSeconds { get; init; }

    /// <summary>Wall-clock seconds ffmpeg took for the video.</summary>
    public double VideoWallSeconds { get; init; }
}
