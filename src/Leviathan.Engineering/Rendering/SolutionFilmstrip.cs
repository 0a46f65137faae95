using System.Globalization;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Rendering;

/// <summary>
/// Draws a benchmark run as a filmstrip: the solution's parts rendered (CAD) and placed as the evaluator places them,
/// the payload at the evaluator's first sample start, the motors driven by the solution's controls, and frames at
/// fractions of the objective's time limit (start, 25 %, 50 %, 75 %, end by default). The one function behind
/// <c>bench scene --render</c>, <c>bench evaluate --render</c> and the physics tools' filmstrips.
/// </summary>
/// <param name="analyzer">Renders and analyses the parts (OpenSCAD, cached); may be null when only environments are drawn.</param>
/// <param name="renderer">Draws the scene.</param>
public sealed class SolutionFilmstrip(PartAnalyzer? analyzer, SceneRenderer renderer)
{
    /// <exception cref="SimulationException">Rendering is not possible here (no OpenGL) or a worker failed.</exception>
    public async Task<FilmstripResult> RenderAsync(FilmstripRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Fractions.Count == 0 || request.Fractions.Any(f => !double.IsFinite(f) || f < 0 || f > 1) || request.Fractions.Zip(request.Fractions.Skip(1)).Any(p => p.Second < p.First))
        {
            throw new ArgumentException("fractions must ascend from 0 to 1", nameof(request));
        }

        var benchmark = request.Benchmark;
        var parts = new List<ScenePart>();
        if (request.Solution is { } solution)
        {
            var folder = request.SolutionDirectory ?? throw new ArgumentException("a solution needs its folder (SolutionDirectory)", nameof(request));
            var cad = analyzer ?? throw new InvalidOperationException("drawing a solution needs a part analyzer (OpenSCAD)");
            foreach (var spec in solution.Parts)
            {
                var analysis = await cad.AnalyzeAsync(Path.Combine(folder, spec.File), cancellationToken);
                if (analysis.Part is not { } part)
                {
                    return new FilmstripResult { Error = $"part '{spec.Name}' did not render, so the solution cannot be drawn:\n{analysis.Render.Describe()}" };
                }

                parts.Add(new ScenePart(
                    spec.Name,
                    part,
                    MaterialTable.Get(spec.Material),
                    new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation))),
                    spec.Mount));
            }
        }

        var anchors = request.Solution?.Motors.ToDictionary(m => m.Name, m => Vec3.From(m.Anchor), StringComparer.Ordinal) ?? [];
        var start = request.PayloadStart ?? JudgeStarts.List(benchmark, 1, extremes: false)[0].Pose;
        var xml = SceneBuilder.Build(benchmark, request.BenchmarkDirectory, parts, anchors, start).ToString();
        var controls = (request.Solution?.Controls ?? []).ToDictionary(
            c => SceneNames.Actuator(c.Motor),
            c => ControlSignals.From(c, benchmark.Motors.Single(m => m.Name == c.Motor).Type, benchmark.Objective.TimeLimit),
            StringComparer.Ordinal);
        var seconds = benchmark.Objective.TimeLimit;
        var assets = Path.GetDirectoryName(parts.FirstOrDefault()?.Part.StlPath) ?? request.BenchmarkDirectory;
        var result = await renderer.RenderAsync(
            new RenderRequest
            {
                Model = ModelSource.FromXml(xml, assets),
                OutputDirectory = request.OutputDirectory,
                Seconds = seconds,
                Times = [.. request.Fractions.Select(f => f * seconds)],
                Controls = controls,
                Cameras = request.Cameras,
                Width = request.Width,
                Height = request.Height,
                FilePrefix = request.FilePrefix,
            },
            cancellationToken);

        return new FilmstripResult
        {
            Error = result.Error is { } error ? $"the assembled scene cannot be drawn: {error}" : null,
            Instability = result.Instability,
            Frames = [.. result.Frames.Select(f => new FilmstripFrame(request.Fractions[f.Index], f.Time, f.Camera, f.Path))],
            Seconds = seconds,
            SceneXml = xml,
        };
    }

    /// <summary>"0 %", "25 %": how a frame's place in the run is named.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
