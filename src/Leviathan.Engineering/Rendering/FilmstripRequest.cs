using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation.Rendering;

namespace Leviathan.Engineering.Rendering;

/// <summary>A filmstrip to draw: a benchmark, optionally with a solution assembled in it, simulated over the objective's time limit.</summary>
public sealed record FilmstripRequest
{
    /// <summary>Start, 25 %, 50 %, 75 % and end of the run.</summary>
    public static IReadOnlyList<double> DefaultFractions { get; } = [0, 0.25, 0.5, 0.75, 1];

    public required BenchmarkSpec Benchmark { get; init; }

    /// <summary>The folder of the benchmark file (its mesh fixtures resolve from there).</summary>
    public required string BenchmarkDirectory { get; init; }

    /// <summary>The solution to place; null draws the environment alone (the payload left to itself).</summary>
    public SolutionSpec? Solution { get; init; }

    /// <summary>The folder of <c>solution.json</c>; needed with <see cref="Solution"/>.</summary>
    public string? SolutionDirectory { get; init; }

    /// <summary>Folder the PNG files go to (created when missing).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The payload's start; default: the evaluator's first jitter sample (as <c>bench evaluate</c> judges it).</summary>
    public Pose? PayloadStart { get; init; }

    /// <summary>When the frames are taken, as fractions of the objective's time limit (default <see cref="DefaultFractions"/>).</summary>
    public IReadOnlyList<double> Fractions { get; init; } = DefaultFractions;

    public IReadOnlyList<CameraView> Cameras { get; init; } = [CameraView.Iso];

    public int Width { get; init; } = 640;

    public int Height { get; init; } = 480;

    /// <summary>Start of the file names: <c>PREFIX-VIEW-NNNN.png</c>.</summary>
    public string FilePrefix { get; init; } = "filmstrip";
}
