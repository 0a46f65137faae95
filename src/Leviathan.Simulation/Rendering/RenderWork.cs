using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Rendering;

/// <summary>A render job as the host sends it to a worker: the model, the simulated span, the frame times and the files.</summary>
internal sealed record RenderWork
{
    public required ModelSource Model { get; init; }

    public double Seconds { get; init; }

    public IReadOnlyList<double> Times { get; init; } = [];

    public IReadOnlyDictionary<string, ControlSignal> Controls { get; init; } = new Dictionary<string, ControlSignal>();

    public IReadOnlyList<CameraView> Cameras { get; init; } = [];

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>The PNG files by camera (outer, in <see cref="Cameras"/> order) and frame (inner, in <see cref="Times"/> order).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Files { get; init; } = [];
}
