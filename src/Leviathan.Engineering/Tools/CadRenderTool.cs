using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Overlaps;
using Leviathan.Engineering.Solutions;
using Leviathan.Tools.Contract;
using static Leviathan.Engineering.Tools.EvaluationText;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>cad_render {parts?, views?, with_environment?}</c>: PNG images (OpenSCAD through a virtual X server) of the
/// solution's parts where solution.json places them, alone or in the benchmark's environment, stored under
/// <c>renders/</c>. With <paramref name="attachImages"/> (a model that can see) the images go with the result;
/// otherwise the text says what they show: extents and clearances to the zones and fixtures.
/// </summary>
public sealed class CadRenderTool(PhysicsWorkbench workbench, bool attachImages, int width = 640, int height = 480) : Tool<CadRenderArguments>(
    ToolName,
    "Draw the solution's parts (where solution.json places them) as PNG images, optionally in the benchmark environment with its zones; views iso, top, front, side. "
    + "Images are saved under renders/; the result also states each part's extent and its clearance to the goal, forbid and build zones and to the fixtures.")
{
    public const string ToolName = "cad_render";

    private static readonly string PartColour = "[0.85, 0.65, 0.35, 1]";

    protected override async Task<ToolResult> HandleAsync(CadRenderArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var solution = workbench.LoadSolution(context.Workspace);
        var chosen = Choose(solution, arguments.Parts);
        var views = arguments.Views is { Count: > 0 } v ? v.Distinct().ToList() : [RenderView.Iso];
        var environment = arguments.WithEnvironment ?? false;

        var placed = new List<(PartSpec Spec, PlacedSolid Solid)>();
        foreach (var spec in chosen)
        {
            var analysis = await workbench.Analyzer.AnalyzeAsync(Path.Combine(context.Workspace.FullPath, spec.File), cancellationToken).ConfigureAwait(false);
            if (analysis.Part is not { } part)
            {
                return ToolResult.Error($"part '{spec.Name}' does not render, so nothing was drawn:\n{analysis.Render.Describe()}");
            }

            var pose = new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation)));
            placed.Add((spec, ScadText.Part(spec.Name, part, pose)));
        }

        var source = Scene(placed.Select(p => p.Solid).ToList(), environment, out var files);
        var folder = context.Workspace.ResolveForWrite(PhysicsWorkbench.RendersFolder);
        Directory.CreateDirectory(folder);
        var artifacts = new List<ToolArtifact>();
        var images = new List<ToolImage>();
        var suffix = environment ? "-env" : string.Empty;
        var partsKey = arguments.Parts is { Count: > 0 } ? "-" + string.Join("+", chosen.Select(c => c.Name)) : string.Empty;
        foreach (var view in views)
        {
            var name = $"cad-{view.ToString().ToLowerInvariant()}{suffix}{partsKey}.png";
            var relative = $"{PhysicsWorkbench.RendersFolder}/{name}";
            var target = context.Workspace.ResolveForWrite(relative);
            var render = await workbench.Analyzer.Cad.PreviewSourceAsync(source, relative, files, target, width, height, Camera(view), cancellationToken).ConfigureAwait(false);
            if (!render.Succeeded)
            {
                return ToolResult.Error($"the {view.ToString().ToLowerInvariant()} view could not be drawn:\n{render.Describe()}");
            }

            artifacts.Add(new ToolArtifact(relative, "image"));
            if (attachImages)
            {
                images.Add(new ToolImage(relative, "image/png", await File.ReadAllBytesAsync(target, cancellationToken).ConfigureAwait(false)));
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"drew {string.Join(", ", chosen.Select(c => c.Name))}{(environment ? " in the benchmark environment" : string.Empty)}: {string.Join(", ", artifacts.Select(a => a.Path))} ({width}x{height})\n");
        text.Append("what the images show (lengths in mm, world frame; gaps between bounding boxes):\n");

        text.Append(Describe(placed, workbench.Benchmark, workbench.BenchmarkDirectory));
        var data = new JsonObject
        {
            ["images"] = new JsonArray([.. artifacts.Select(a => (JsonNode?)a.Path)]),
            ["parts"] = new JsonArray([.. placed.Select(p => (JsonNode?)new JsonObject
            {
                ["name"] = p.Spec.Name,
                ["min_mm"] = new JsonArray([.. p.Solid.Bounds.Min.ToArray().Select(x => (JsonNode?)Math.Round(x, 2))]),
                ["max_mm"] = new JsonArray([.. p.Solid.Bounds.Max.ToArray().Select(x => (JsonNode?)Math.Round(x, 2))]),
            })]),
        };
        return ToolResult.Success(text.ToString(), artifacts) with { Images = images, StructuredContent = data };
    }

    /// <summary>Extents of each part and the gaps between its bounding box and the zones, fixtures and payload (negative: the boxes overlap by that much).</summary>
    internal static string Describe(IReadOnlyList<(PartSpec Spec, PlacedSolid Solid)> placed, BenchmarkSpec benchmark, string benchmarkDirectory)
    {
        var text = new StringBuilder();
        var build = benchmark.Zones.Build.ToAabb().Scale(1000);
        var targets = new List<(string Name, Aabb Box)> { ($"goal zone", benchmark.Zones.Goal.ToAabb().Scale(1000)) };
        targets.AddRange(benchmark.Zones.Forbid.Select((z, i) => ($"forbid zone '{z.Name ?? i.ToString(CultureInfo.InvariantCulture)}'", z.ToAabb().Scale(1000))));
        targets.AddRange(benchmark.Fixtures.Select(f => ($"fixture '{f.Name}'", ScadText.Fixture(f, benchmarkDirectory).Bounds)));
        var payload = new FixtureSpec { Name = benchmark.Payload.Name, Shape = benchmark.Payload.Shape, Pose = benchmark.Payload.Pose };
        targets.Add(($"payload '{payload.Name}' at its start", ScadText.Fixture(payload, benchmarkDirectory).Bounds));
        foreach (var (spec, solid) in placed)
        {
            var b = solid.Bounds;
            text.Append(CultureInfo.InvariantCulture, $"part '{spec.Name}': spans x {N(b.Min.X, "0")}..{N(b.Max.X, "0")}, y {N(b.Min.Y, "0")}..{N(b.Max.Y, "0")}, z {N(b.Min.Z, "0")}..{N(b.Max.Z, "0")}");
            var outside = Math.Max(0, new[] { build.Min.X - b.Min.X, build.Min.Y - b.Min.Y, build.Min.Z - b.Min.Z, b.Max.X - build.Max.X, b.Max.Y - build.Max.Y, b.Max.Z - build.Max.Z }.Max());
            text.Append(outside > 0.1 ? string.Create(CultureInfo.InvariantCulture, $"; OUTSIDE the build zone by {N(outside, "0.#")}") : "; inside the build zone");
            text.Append('\n');
            text.Append("  box gaps: ").AppendJoin(", ", targets.Select(t => $"{t.Name} {Gap(b, t.Box)}")).Append('\n');
        }

        return text.ToString();
    }

    private static string Gap(Aabb a, Aabb b)
    {
        var gaps = new[] { b.Min.X - a.Max.X, a.Min.X - b.Max.X, b.Min.Y - a.Max.Y, a.Min.Y - b.Max.Y, b.Min.Z - a.Max.Z, a.Min.Z - b.Max.Z };
        var separation = gaps.Max();
        return separation >= 0 ? N(separation, "0.#") : "overlapping boxes";
    }

    private static List<PartSpec> Choose(SolutionSpec solution, IReadOnlyList<string>? names)
    {
        if (names is not { Count: > 0 })
        {
            return [.. solution.Parts];
        }

        var unknown = names.Where(n => solution.Parts.All(p => p.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new ToolRefusedException($"solution.json has no part named {string.Join(", ", unknown.Select(u => $"'{u}'"))}; its parts: {string.Join(", ", solution.Parts.Select(p => p.Name))}.");
        }

        return [.. solution.Parts.Where(p => names.Contains(p.Name))];
    }

    private string Scene(List<PlacedSolid> parts, bool environment, out Dictionary<string, string> files)
    {
        files = [];
        var scad = new StringBuilder("// cad_render scene, millimetres\n");
        foreach (var part in parts)
        {
            scad.Append(CultureInfo.InvariantCulture, $"color({PartColour}) {part.Scad}\n");
            foreach (var (name, path) in part.Files)
            {
                files[name] = path;
            }
        }

        if (!environment)
        {
            return scad.ToString();
        }

        var benchmark = workbench.Benchmark;
        foreach (var fixture in benchmark.Fixtures)
        {
            var solid = ScadText.Fixture(fixture, workbench.BenchmarkDirectory);
            scad.Append(CultureInfo.InvariantCulture, $"color([0.55, 0.55, 0.6, 1]) {solid.Scad}\n");
            foreach (var (name, path) in solid.Files)
            {
                files[name] = path;
            }
        }

        var payload = ScadText.Fixture(new FixtureSpec { Name = benchmark.Payload.Name, Shape = benchmark.Payload.Shape, Pose = benchmark.Payload.Pose }, workbench.BenchmarkDirectory);
        scad.Append(CultureInfo.InvariantCulture, $"color([1, 0.45, 0.05, 1]) {payload.Scad}\n");
        foreach (var (name, path) in payload.Files)
        {
            files[name] = path;
        }

        scad.Append(Zone(benchmark.Zones.Build, "[0.2, 0.4, 1, 0.12]"));
        scad.Append(Zone(benchmark.Zones.Goal, "[0.1, 0.9, 0.2, 0.35]"));
        foreach (var zone in benchmark.Zones.Forbid)
        {
            scad.Append(Zone(zone, "[1, 0.1, 0.1, 0.35]"));
        }

        return scad.ToString();
    }

    private static string Zone(ZoneSpec zone, string colour)
    {
        var box = zone.ToAabb().Scale(1000);
        var size = box.Size;
        return string.Create(CultureInfo.InvariantCulture, $"color({colour}) translate([{N(box.Min.X, "0.###")}, {N(box.Min.Y, "0.###")}, {N(box.Min.Z, "0.###")}]) cube([{N(size.X, "0.###")}, {N(size.Y, "0.###")}, {N(size.Z, "0.###")}]);\n");
    }

    private static IReadOnlyList<string> Camera(RenderView view) => view switch
    {
        RenderView.Top => ["--camera=0,0,0,0,0,0,0", "--viewall", "--autocenter", "--projection=ortho"],
        RenderView.Front => ["--camera=0,0,0,90,0,0,0", "--viewall", "--autocenter", "--projection=ortho"],
        RenderView.Side => ["--camera=0,0,0,90,0,90,0", "--viewall", "--autocenter", "--projection=ortho"],
        _ => ["--camera=0,0,0,60,0,35,0", "--viewall", "--autocenter", "--projection=perspective"],
    };
}
