using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// What the engineering tools share for one attempt at one benchmark: the benchmark (read once from the
/// host's file, never from the workspace, so an agent cannot change what it is judged against), the CAD
/// pipeline with its content-hash cache, and a long-lived simulation client. The solution folder is the
/// tools' workspace (<see cref="ToolContext.Workspace"/>).
/// </summary>
public sealed class PhysicsWorkbench
{
    /// <summary>Where <see cref="CopyBenchmarkInto"/> puts the benchmark for the agents to read: inside the workspace's reserved folder, which the file tools may read but never write.</summary>
    public const string BenchmarkCopy = WorkspaceRoot.ReservedFolder + "/benchmark.json";

    /// <summary>Where images go, relative to the solution folder.</summary>
    public const string RendersFolder = "renders";

    /// <exception cref="SpecException">The benchmark is not valid.</exception>
    public PhysicsWorkbench(string benchmarkPath, PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time, EvaluationOptions? evaluation = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(benchmarkPath);
        BenchmarkPath = Path.GetFullPath(benchmarkPath);
        Benchmark = BenchmarkLoader.Load(BenchmarkPath);
        BenchmarkDirectory = Path.GetDirectoryName(BenchmarkPath)!;
        Analyzer = analyzer;
        Simulation = simulation;
        Time = time;
        Evaluation = evaluation ?? new EvaluationOptions();
        Evaluator = new SolutionEvaluator(analyzer, simulation, time);
    }

    public string BenchmarkPath { get; }

    public string BenchmarkDirectory { get; }

    public BenchmarkSpec Benchmark { get; }

    public PartAnalyzer Analyzer { get; }

    public SimulationClient Simulation { get; }

    public TimeProvider Time { get; }

    /// <summary>The judging options; <c>simulate</c> and <c>validate_solution</c> change only the samples and whether to simulate.</summary>
    public EvaluationOptions Evaluation { get; }

    public SolutionEvaluator Evaluator { get; }

    /// <summary>Draws the filmstrip <c>simulate</c> stores (MuJoCo's renderer); null: <c>simulate</c> draws none and says so.</summary>
    public Rendering.SolutionFilmstrip? Filmstrip { get; init; }

    /// <summary>
    /// Copies the benchmark file into <paramref name="workspace"/> at <see cref="BenchmarkCopy"/>, mode 0444, so
    /// the agents can <c>read_file</c> it; the file tools refuse writes under the reserved folder, and the tools
    /// judge against the host's original in any case.
    /// </summary>
    public void CopyBenchmarkInto(string workspace)
    {
        var target = Path.Combine(Path.GetFullPath(workspace), BenchmarkCopy);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        if (File.Exists(target))
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Copy(BenchmarkPath, target, overwrite: true);
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>Runs the evaluator on the workspace's solution: checks only, or checks and simulation.</summary>
    /// <exception cref="ToolRefusedException">solution.json is missing or malformed, or a part file is unsafe to read.</exception>
    public async Task<(SolutionSpec Solution, EvaluationReport Report)> EvaluateAsync(WorkspaceRoot workspace, bool simulate, int? samples, CancellationToken cancellationToken)
    {
        var solution = LoadSolution(workspace);
        var options = Evaluation with { Simulate = simulate, Samples = samples ?? Evaluation.Samples, SceneOutput = null };
        var report = await Evaluator.EvaluateAsync(Benchmark, BenchmarkDirectory, solution, workspace.FullPath, options, cancellationToken).ConfigureAwait(false);
        return (solution, report);
    }

    /// <summary>Reads and checks the workspace's solution.json, worded for the model.</summary>
    /// <exception cref="ToolRefusedException">It is missing or not valid.</exception>
    public SolutionSpec LoadSolution(WorkspaceRoot workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var file = workspace.Resolve(SolutionLoader.FileName);
        if (!File.Exists(file))
        {
            throw new ToolRefusedException(
                $"There is no {SolutionLoader.FileName} in the solution folder yet. Write one with write_file: "
                + "{\"version\": 1, \"parts\": [{\"name\": \"ramp\", \"file\": \"ramp.scad\", \"material\": \"pla\", \"process\": \"print3d\", \"position\": [0, 0, 0], \"rotation\": [0, 0, 0]}]} (lengths in metres, parts modelled in mm).");
        }

        SolutionSpec spec;
        try
        {
            spec = SpecReader.Read(file, EngineeringJsonContext.Default.SolutionSpec);
        }
        catch (SpecException ex)
        {
            throw new ToolRefusedException($"{SolutionLoader.FileName} is not valid:\n- {string.Join("\n- ", ex.Errors)}");
        }
        catch (JsonException ex)
        {
            throw new ToolRefusedException($"{SolutionLoader.FileName} is not valid JSON: {ex.Message}");
        }

        var errors = SolutionValidator.Validate(spec, Benchmark, workspace.FullPath);
        if (errors.Count > 0)
        {
            throw new ToolRefusedException($"{SolutionLoader.FileName} is not valid:\n- {string.Join("\n- ", errors)}");
        }

        foreach (var part in spec.Parts)
        {
            CheckCadInputs(workspace, part.File);
        }

        return spec;
    }

    /// <summary>The workspace's solution when it is valid, otherwise null (for tools that can do without it).</summary>
    public SolutionSpec? LoadSolutionOrNull(WorkspaceRoot workspace)
    {
        try
        {
            return LoadSolution(workspace);
        }
        catch (ToolRefusedException)
        {
            return null;
        }
    }

    /// <summary>
    /// OpenSCAD gets copies of the part file and every .scad/.stl beside it; the host copies them, so each must be a
    /// file inside the workspace (a symbolic link out of it is refused, never followed).
    /// </summary>
    internal static string CheckCadInputs(WorkspaceRoot workspace, string partFile)
    {
        var full = workspace.Resolve(partFile);
        var folder = Path.GetDirectoryName(full)!;
        foreach (var sibling in Directory.EnumerateFileSystemEntries(folder))
        {
            if (sibling.EndsWith(".scad", StringComparison.OrdinalIgnoreCase) || sibling.EndsWith(".stl", StringComparison.OrdinalIgnoreCase))
            {
                workspace.Resolve(workspace.ToRelative(sibling));
            }
        }

        return full;
    }
}
