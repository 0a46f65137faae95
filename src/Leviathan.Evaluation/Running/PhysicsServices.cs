using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Tools;
using Leviathan.Simulation;

namespace Leviathan.Evaluation.Running;

/// <summary>What physics attempts share: the CAD pipeline, the simulation workers and the judge's starts.</summary>
public sealed record PhysicsServices
{
    /// <summary>OpenSCAD in the sandbox, with its content-hash cache.</summary>
    public required PartAnalyzer Analyzer { get; init; }

    /// <summary>The MuJoCo worker processes (shared by every attempt).</summary>
    public required SimulationClient Simulation { get; init; }

    /// <summary>Seeded jitter samples the judge draws (plus the nominal start and the jitter corners); all must pass.</summary>
    public int Samples { get; init; } = EvaluationOptions.DefaultSamples;

    /// <summary>Where the baseline solver keeps its screening meshes.</summary>
    public required string ScreeningCache { get; init; }

    /// <summary>A workbench over one benchmark file.</summary>
    /// <exception cref="Engineering.Json.SpecException">The benchmark is not valid.</exception>
    public PhysicsWorkbench Workbench(string benchmarkFile, TimeProvider time) =>
        new(benchmarkFile, Analyzer, Simulation, time, new EvaluationOptions { Samples = Samples });
}
