using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;
using Leviathan.Simulation.Validation;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// The three proofs a kept benchmark carries: <b>valid</b> (spec rules, and the environment loads in MuJoCo with
/// no penetration and stays stable), <b>non-trivial</b> (left alone, the payload — every payload, when there are
/// several — misses the objective from every jitter sample and jitter extreme) and <b>solvable</b> (a reference solution passes the full evaluator).
/// </summary>
public sealed class BenchmarkVerifier(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    /// <summary>
    /// The spec rules, then MuJoCo's validator on the environment: at the nominal start it must load, show no
    /// penetration over 1 mm (exact depths for boxes and meshes) and stay stable; and with the payload moved to each
    /// other start the judge can use (<see cref="JudgeStarts"/>: the jitter samples and the corners of the jitter
    /// ranges) it must show no such penetration either — the same check as <c>sim validate</c> on that scene.
    /// </summary>
    public async Task<Verdict> CheckValidAsync(BenchmarkSpec benchmark, string benchmarkDirectory, VerificationOptions options, CancellationToken cancellationToken)
    {
        var errors = BenchmarkValidator.Validate(benchmark, benchmarkDirectory);
        if (errors.Count > 0)
        {
            return new Verdict(false, "spec: " + string.Join("; ", errors));
        }

        var xml = SceneBuilder.Environment(benchmark, benchmarkDirectory).ToString();
        var report = await simulation.ValidateAsync(ModelSource.FromXml(xml, benchmarkDirectory), new ValidationOptions { Frames = options.ValidationFrames }, cancellationToken);
        if (!report.Valid)
        {
            return new Verdict(false, "validator: " + string.Join("; ", report.Errors.Select(e => e.ToString())));
        }

        var starts = StartsToValidate(benchmark, options);
        var checks = await Task.WhenAll(starts.Select(async start =>
        {
            var moved = SceneBuilder.Build(benchmark, benchmarkDirectory, [], new Dictionary<string, Vec3>(), start).ToString();
            var found = await simulation.ValidateAsync(ModelSource.FromXml(moved, benchmarkDirectory), new ValidationOptions { Frames = 0 }, cancellationToken);
            return (Start: start, Report: found);
        }));
        var failed = checks.Where(c => !c.Report.Valid).ToList();
        if (failed.Count > 0)
        {
            return new Verdict(false, "validator: " + string.Join("; ", failed.Select(f =>
                $"{Where(benchmark, f.Start)}: " + string.Join("; ", f.Report.Errors.Select(e => e.ToString())))));
        }

        return new Verdict(true, string.Create(CultureInfo.InvariantCulture, $"loads in MuJoCo, no penetration at the nominal start or the {starts.Count} other starts the judge uses, stable for {options.ValidationFrames} steps"));
    }

    /// <summary>Where the payloads are at a start, for a message: <c>payload at corner 1 ((x, y, z))</c>, or every payload's position.</summary>
    private static string Where(BenchmarkSpec benchmark, JudgeStart start) =>
        !benchmark.HasSeveralPayloads()
            ? $"payload at {SolutionEvaluator.StartName(start.Label)} ({start.Pose.Position})"
            : $"payloads at {SolutionEvaluator.StartName(start.Label)} (" + string.Join(", ", benchmark.AllPayloads().Zip(start.Poses).Select(x => $"'{x.First.Name}' {x.Second.Position}")) + ")";

    /// <summary>Every start other than the nominal one that the judge or the proofs simulate: the jitter samples of both and the jitter corners.</summary>
    public static IReadOnlyList<JudgeStart> StartsToValidate(BenchmarkSpec benchmark, VerificationOptions options) =>
        JudgeStarts.List(benchmark, Math.Max(options.TrivialitySamples, options.SolutionSamples), extremes: true)
            .Where(s => s.Label != "nominal")
            .ToList();

    /// <summary>
    /// Simulates the environment alone from the judge's starts (<see cref="JudgeStarts"/>: the evaluator's first
    /// <see cref="VerificationOptions.TrivialitySamples"/> jitter samples and, with <see cref="VerificationOptions.TrivialityExtremes"/>,
    /// the nominal start and the corners of the jitter ranges); the benchmark is non-trivial when the payload misses
    /// the objective in all. The nearest miss is the payload's real closest approach to the goal zone.
    /// </summary>
    public async Task<Verdict> CheckNonTrivialAsync(BenchmarkSpec benchmark, string benchmarkDirectory, VerificationOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TrivialitySamples, options.SolutionSamples);
        var starts = JudgeStarts.List(benchmark, options.TrivialitySamples, options.TrivialityExtremes);
        var samples = await ScreeningRun.RunAsync(simulation, benchmark, benchmarkDirectory, [], new Dictionary<string, Vec3>(), [], starts, 0, cancellationToken);
        if (samples.FirstOrDefault(s => s.Error is not null) is { Error: { } error })
        {
            return new Verdict(false, "the environment could not be simulated: " + error);
        }

        var extremes = starts.Count - options.TrivialitySamples;
        var what = string.Create(CultureInfo.InvariantCulture, $"{options.TrivialitySamples} jitter samples") + (extremes > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {extremes} extreme starts (nominal and corners of the jitter ranges)") : string.Empty);
        if (!benchmark.HasSeveralPayloads())
        {
            var reached = samples.Select((s, i) => (s, i)).Where(x => x.s.Reached).Select(x => starts[x.i].Label).ToList();
            return reached.Count == 0
                ? new Verdict(true, string.Create(CultureInfo.InvariantCulture, $"left alone the payload misses the goal from all {what} (nearest miss {samples.Min(s => s.Closest) * 1000:0.#} mm)"))
                : new Verdict(false, $"left alone the payload meets the objective from start(s) {string.Join(", ", reached)} of {what}");
        }

        // Several payloads: not one of them may meet the objective in its own goal by itself, from any start.
        var delivered = samples.Select((s, i) => (s, i)).Where(x => x.s.Delivered.Count > 0)
            .Select(x => $"{starts[x.i].Label} ({string.Join(", ", x.s.Delivered.Select(n => $"'{n}'"))})")
            .ToList();
        return delivered.Count == 0
            ? new Verdict(true, string.Create(CultureInfo.InvariantCulture, $"left alone every payload misses its goal from all {what} (nearest miss {samples.Min(s => s.Closest) * 1000:0.#} mm)"))
            : new Verdict(false, $"left alone a payload meets the objective in its goal from start(s) {string.Join(", ", delivered)} of {what}");
    }

    /// <summary>
    /// Judges the reference with the evaluator at <see cref="VerificationOptions.SolutionSamples"/> samples plus the
    /// nominal start and the jitter corners — with the default options exactly what <c>bench evaluate</c> does.
    /// </summary>
    public async Task<EvaluationReport> EvaluateReferenceAsync(BenchmarkSpec benchmark, string benchmarkDirectory, string referenceDirectory, VerificationOptions options, CancellationToken cancellationToken)
    {
        var solution = SolutionLoader.Load(referenceDirectory, benchmark);
        return await new SolutionEvaluator(analyzer, simulation, time).EvaluateAsync(benchmark, benchmarkDirectory, solution, Path.GetFullPath(referenceDirectory), new EvaluationOptions { Samples = options.SolutionSamples, Extremes = true }, cancellationToken);
    }

    /// <summary>
    /// Writes <c>scene.xml</c> into the reference folder: environment plus solution as one MJCF, payload at its
    /// nominal start. The rendered meshes are copied beside it, so the folder stands alone.
    /// </summary>
    public async Task WriteReferenceSceneAsync(BenchmarkSpec benchmark, string benchmarkDirectory, string referenceDirectory, CancellationToken cancellationToken)
    {
        var solution = SolutionLoader.Load(referenceDirectory, benchmark);
        var parts = new List<ScenePart>();
        foreach (var spec in solution.Parts)
        {
            var analysis = await analyzer.AnalyzeAsync(Path.Combine(referenceDirectory, spec.File), cancellationToken);
            var part = analysis.Part ?? throw new InvalidOperationException($"reference part '{spec.Name}' does not render: {analysis.Render.Describe()}");
            var stl = Path.ChangeExtension(spec.File, ".stl");
            File.Copy(part.StlPath, Path.Combine(referenceDirectory, stl), overwrite: true);
            parts.Add(new ScenePart(
                spec.Name,
                part with { StlPath = stl },
                MaterialTable.Get(spec.Material),
                new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation))),
                spec.Mount,
                spec.Friction,
                spec.Hinge));
        }

        var xml = SolutionEvaluator.SceneXml(benchmark, benchmarkDirectory, solution, parts);
        await File.WriteAllTextAsync(Path.Combine(referenceDirectory, "scene.xml"), xml + "\n", cancellationToken);
    }
}
