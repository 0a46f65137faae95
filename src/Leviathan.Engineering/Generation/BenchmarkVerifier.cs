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
/// no penetration and stays stable), <b>non-trivial</b> (left alone, the payload misses the objective from every
/// jitter sample and jitter extreme) and <b>solvable</b> (a reference solution passes the full evaluator).
/// </summary>
public sealed class BenchmarkVerifier(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    public async Task<Verdict> CheckValidAsync(BenchmarkSpec benchmark, string benchmarkDirectory, VerificationOptions options, CancellationToken cancellationToken)
    {
        var errors = BenchmarkValidator.Validate(benchmark, benchmarkDirectory);
        if (errors.Count > 0)
        {
            return new Verdict(false, "spec: " + string.Join("; ", errors));
        }

        var xml = SceneBuilder.Environment(benchmark, benchmarkDirectory).ToString();
        var report = await simulation.ValidateAsync(ModelSource.FromXml(xml, benchmarkDirectory), new ValidationOptions { Frames = options.ValidationFrames }, cancellationToken);
        return report.Valid
            ? new Verdict(true, string.Create(CultureInfo.InvariantCulture, $"loads in MuJoCo, no penetration, stable for {options.ValidationFrames} steps"))
            : new Verdict(false, "validator: " + string.Join("; ", report.Errors.Select(e => e.ToString())));
    }

    /// <summary>
    /// Simulates the environment alone from the evaluator's first <see cref="VerificationOptions.TrivialitySamples"/>
    /// jitter samples and, with <see cref="VerificationOptions.TrivialityExtremes"/>, from the nominal start and the
    /// corners of the jitter ranges; the benchmark is non-trivial when the payload misses the objective in all.
    /// </summary>
    public async Task<Verdict> CheckNonTrivialAsync(BenchmarkSpec benchmark, string benchmarkDirectory, VerificationOptions options, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TrivialitySamples, options.SolutionSamples);
        var random = JitterStarts.Evaluator(benchmark, options.TrivialitySamples);
        var extremes = options.TrivialityExtremes ? JitterStarts.Extremes(benchmark) : [];
        var starts = random.Concat(extremes).ToList();
        var samples = await ScreeningRun.RunAsync(simulation, benchmark, benchmarkDirectory, [], new Dictionary<string, Vec3>(), [], starts, 0, cancellationToken);
        if (samples.FirstOrDefault(s => s.Error is not null) is { Error: { } error })
        {
            return new Verdict(false, "the environment could not be simulated: " + error);
        }

        string Name(int i) => i < random.Count
            ? string.Create(CultureInfo.InvariantCulture, $"{i}")
            : i == random.Count ? "nominal" : string.Create(CultureInfo.InvariantCulture, $"corner {i - random.Count - 1}");
        var reached = samples.Select((s, i) => (s, i)).Where(x => x.s.Reached).Select(x => Name(x.i)).ToList();
        var what = string.Create(CultureInfo.InvariantCulture, $"{random.Count} jitter samples") + (extremes.Count > 0 ? string.Create(CultureInfo.InvariantCulture, $" and {extremes.Count} extreme starts (nominal and corners of the jitter ranges)") : string.Empty);
        return reached.Count == 0
            ? new Verdict(true, string.Create(CultureInfo.InvariantCulture, $"left alone the payload misses the goal from all {what} (nearest miss {samples.Min(s => s.Miss) * 1000:0.#} mm)"))
            : new Verdict(false, $"left alone the payload meets the objective from start(s) {string.Join(", ", reached)} of {what}");
    }

    public async Task<EvaluationReport> EvaluateReferenceAsync(BenchmarkSpec benchmark, string benchmarkDirectory, string referenceDirectory, VerificationOptions options, CancellationToken cancellationToken)
    {
        var solution = SolutionLoader.Load(referenceDirectory, benchmark);
        return await new SolutionEvaluator(analyzer, simulation, time).EvaluateAsync(benchmark, benchmarkDirectory, solution, Path.GetFullPath(referenceDirectory), new EvaluationOptions { Samples = options.SolutionSamples }, cancellationToken);
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
                spec.Mount));
        }

        var xml = SolutionEvaluator.SceneXml(benchmark, benchmarkDirectory, solution, parts);
        await File.WriteAllTextAsync(Path.Combine(referenceDirectory, "scene.xml"), xml + "\n", cancellationToken);
    }
}
