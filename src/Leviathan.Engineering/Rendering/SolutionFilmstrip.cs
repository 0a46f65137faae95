using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Simulation;
using Leviathan.Simulation.Rendering;
using SimVec3 = Leviathan.Simulation.Vec3;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Rendering;

/// <summary>
/// Draws a benchmark run as a filmstrip: the solution's parts rendered (CAD) and placed as the evaluator places them,
/// the payload at the evaluator's first sample start, the motors driven by the solution's controls, the cameras on
/// the zones and the payload, and frames at
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
                    spec.Mount,
                    spec.Friction,
                    spec.Hinge));
            }
        }

        var anchors = request.Solution?.Motors.ToDictionary(m => m.Name, m => Vec3.From(m.Anchor), StringComparer.Ordinal) ?? [];
        var first = JudgeStarts.List(benchmark, 1, extremes: false)[0];
        var start = request.PayloadStart ?? first.Pose;
        var xml = SceneBuilder.Build(benchmark, request.BenchmarkDirectory, parts, anchors, start, first.Others).ToString();
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
                Focus = Focus(benchmark, [start, .. first.Others]),
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

    /// <summary>
    /// What the cameras frame: the build, goal and forbid zones and every payload at its start, where a run happens;
    /// a large floor would otherwise shrink the action to a corner of the picture.
    /// </summary>
    private static FocusBox Focus(BenchmarkSpec benchmark, IReadOnlyList<Pose> starts)
    {
        var zones = benchmark.Zones;
        var box = zones.Forbid.Concat(benchmark.AllGoals().Select(g => g.Zone)).Aggregate(zones.Build.ToAabb(), (all, zone) => all.Union(zone.ToAabb()));
        foreach (var (payload, start) in benchmark.AllPayloads().Zip(starts))
        {
            var shape = payload.Shape;
            var reach = shape.Type switch
            {
                ShapeKind.Sphere => shape.Radius!.Value,
                ShapeKind.Box => new Vec3(shape.Size![0], shape.Size[1], shape.Size[2]).Length / 2,
                ShapeKind.Cylinder => Math.Sqrt((shape.Radius!.Value * shape.Radius.Value) + (shape.Height!.Value * shape.Height.Value / 4)),
                _ => 0.05,
            };
            box = box.Include(start.Position - new Vec3(reach, reach, reach)).Include(start.Position + new Vec3(reach, reach, reach));
        }

        return new FocusBox(new SimVec3(box.Min.X, box.Min.Y, box.Min.Z), new SimVec3(box.Max.X, box.Max.Y, box.Max.Z));
    }

    /// <summary>"0 %", "25 %": how a frame's place in the run is named.</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}
