using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Overlaps;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Solutions;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;
using static Leviathan.Engineering.Tools.EvaluationText;
using SimulationClient = Leviathan.Simulation.SimulationClient;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>cad_render {parts?, views?, with_environment?}</c>: PNG images (OpenSCAD through a virtual X server) of the
/// solution's parts where solution.json places them, alone or in the benchmark's environment, stored under
/// <c>renders/</c>. With <c>attachImages</c> (a model that can see) the images go with the result;
/// otherwise the text says what they show: extents and clearances to the zones and fixtures.
/// </summary>
public sealed class CadRenderTool : Tool<CadRenderArguments>
{
    public const string ToolName = "cad_render";

    private const string SolutionDescription =
        "Draw the solution's parts (where solution.json places them) as PNG images, optionally in the benchmark environment with its zones; views iso, top, front, side. "
        + "Images are saved under renders/; the result also states each part's extent and its clearance to the goal, forbid and build zones and to the fixtures.";

    private static readonly string PartColour = "[0.85, 0.65, 0.35, 1]";

    private readonly Func<ToolContext, RenderSubject> _subject;
    private readonly bool _attachImages;
    private readonly int _width;
    private readonly int _height;

    /// <summary>Draws the solution in the workspace (solution.json at its root) in the workbench's benchmark.</summary>
    public CadRenderTool(PhysicsWorkbench workbench, bool attachImages, int width = 640, int height = 480)
        : this(SolutionDescription, context => new RenderSubject(workbench.Analyzer, workbench.Benchmark, workbench.BenchmarkDirectory, workbench.LoadSolution(context.Workspace), context.Workspace.FullPath), attachImages, width, height)
    {
        ArgumentNullException.ThrowIfNull(workbench);
    }

    private CadRenderTool(string description, Func<ToolContext, RenderSubject> subject, bool attachImages, int width, int height)
        : base(ToolName, description)
    {
        _subject = subject;
        _attachImages = attachImages;
        _width = width;
        _height = height;
    }

    /// <summary>
    /// <c>cad_render</c> for a benchmark being written: draws the workspace's draft <c>benchmark.json</c> (fixtures, payload
    /// at its start, zones) and, when <c>reference/solution.json</c> exists, the reference solution's parts in it. Each call
    /// reads the draft again, so the picture is always of the files as they are.
    /// </summary>
    public static CadRenderTool ForDraft(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time, bool attachImages, int width = 640, int height = 480)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        return new CadRenderTool(
            "Draw the draft benchmark (benchmark.json: fixtures grey, payload orange at its start, build zone blue, goal zone green, forbid zones red; with_environment defaults to true) as PNG images, "
            + "with the reference solution's parts (reference/solution.json) when it exists; views iso, top, front, side. Images are saved under renders/; "
            + "the result also states where the payload starts relative to the goal and every fixture, and each reference part's extent and clearances.",
            context => DraftSubject(context, analyzer, simulation, time),
            attachImages,
            width,
            height);
    }

    protected override async Task<ToolResult> HandleAsync(CadRenderArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var subject = _subject(context);
        var chosen = Choose(subject.Solution, arguments.Parts);
        var views = arguments.Views is { Count: > 0 } v ? v.Distinct().ToList() : [RenderView.Iso];
        var environment = arguments.WithEnvironment ?? (subject.WithEnvironment || subject.Solution is null);
        if (chosen.Count == 0 && !environment)
        {
            throw new ToolRefusedException("There is nothing to draw without the environment: there are no parts yet. Call cad_render with with_environment true.");
        }

        var placed = new List<(PartSpec Spec, PlacedSolid Solid)>();
        foreach (var spec in chosen)
        {
            var analysis = await subject.Analyzer.AnalyzeAsync(Path.Combine(subject.SolutionDirectory, spec.File), cancellationToken).ConfigureAwait(false);
            if (analysis.Part is not { } part)
            {
                return ToolResult.Error($"part '{spec.Name}' does not render, so nothing was drawn:\n{analysis.Render.Describe()}");
            }

            var pose = new Pose(Vec3.From(spec.Position), Rotation.FromOpenScadEuler(Vec3.From(spec.Rotation)));
            placed.Add((spec, ScadText.Part(spec.Name, part, pose)));
        }

        var source = Scene(subject, placed.Select(p => p.Solid).ToList(), environment, out var files);
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
            var render = await subject.Analyzer.Cad.PreviewSourceAsync(source, relative, files, target, _width, _height, Camera(view), cancellationToken).ConfigureAwait(false);
            if (!render.Succeeded)
            {
                return ToolResult.Error($"the {view.ToString().ToLowerInvariant()} view could not be drawn:\n{render.Describe()}");
            }

            artifacts.Add(new ToolArtifact(relative, "image"));
            if (_attachImages)
            {
                images.Add(new ToolImage(relative, "image/png", await File.ReadAllBytesAsync(target, cancellationToken).ConfigureAwait(false)));
            }
        }

        var text = new StringBuilder();
        var drawn = chosen.Count == 0 ? "the benchmark environment" : string.Join(", ", chosen.Select(c => c.Name)) + (environment ? " in the benchmark environment" : string.Empty);
        text.Append(CultureInfo.InvariantCulture, $"drew {drawn}: {string.Join(", ", artifacts.Select(a => a.Path))} ({_width}x{_height})\n");
        text.Append("what the images show (lengths in mm, world frame; gaps between bounding boxes):\n");
        if (chosen.Count == 0)
        {
            text.Append(DescribeEnvironment(subject.Benchmark, subject.BenchmarkDirectory));
        }

        text.Append(Describe(placed, subject.Benchmark, subject.BenchmarkDirectory));
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
        var goals = benchmark.AllGoals();
        var targets = goals.Count == 1
            ? new List<(string Name, Aabb Box)> { ($"goal zone", benchmark.Zones.Goal.ToAabb().Scale(1000)) }
            : goals.Select(g => (Name: $"goal zone '{g.Name}'", Box: g.Zone.ToAabb().Scale(1000))).ToList();
        targets.AddRange(benchmark.Zones.Forbid.Select((z, i) => ($"forbid zone '{z.Name ?? i.ToString(CultureInfo.InvariantCulture)}'", z.ToAabb().Scale(1000))));
        targets.AddRange(benchmark.Fixtures.Select(f => ($"fixture '{f.Name}'", ScadText.Fixture(f, benchmarkDirectory).Bounds)));
        foreach (var spec in benchmark.AllPayloads())
        {
            var payload = new FixtureSpec { Name = spec.Name, Shape = spec.Shape, Pose = spec.Pose };
            targets.Add(($"payload '{payload.Name}' at its start", ScadText.Fixture(payload, benchmarkDirectory).Bounds));
        }
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

    /// <summary>Where the payload starts relative to the goal zone, and each fixture's extent: what a picture of the environment alone shows.</summary>
    internal static string DescribeEnvironment(BenchmarkSpec benchmark, string benchmarkDirectory)
    {
        var text = new StringBuilder();
        var goal = benchmark.Zones.Goal.ToAabb().Scale(1000);
        var several = benchmark.HasSeveralPayloads();
        var payload = Aabb.Empty;
        foreach (var delivery in Deliveries.Of(benchmark))
        {
            var spec = delivery.Payload;
            var bounds = ScadText.Fixture(new FixtureSpec { Name = spec.Name, Shape = spec.Shape, Pose = spec.Pose }, benchmarkDirectory).Bounds;
            var own = delivery.GoalBox.Scale(1000);
            var where = several ? $"its goal zone '{delivery.GoalName}'" : "the goal zone";
            text.Append(CultureInfo.InvariantCulture, $"payload '{spec.Name}' at its start: {Span(bounds)}; ");
            text.Append(Gap(bounds, own) is var gap && gap == "overlapping boxes" ? $"it starts TOUCHING OR INSIDE {where}" : $"box gap to {where} {gap}").Append('\n');
            payload = delivery.Index == 0 ? bounds : payload;
        }

        text.Append(CultureInfo.InvariantCulture, $"goal zone{(several ? $" '{benchmark.AllGoals()[0].Name}'" : string.Empty)}: {Span(goal)}; build zone: {Span(benchmark.Zones.Build.ToAabb().Scale(1000))}\n");
        foreach (var (name, zone) in benchmark.AllGoals().Skip(1))
        {
            text.Append(CultureInfo.InvariantCulture, $"goal zone '{name}': {Span(zone.ToAabb().Scale(1000))}\n");
        }

        foreach (var (zone, i) in benchmark.Zones.Forbid.Select((z, i) => (z, i)))
        {
            text.Append(CultureInfo.InvariantCulture, $"forbid zone '{zone.Name ?? i.ToString(CultureInfo.InvariantCulture)}': {Span(zone.ToAabb().Scale(1000))}\n");
        }

        foreach (var fixture in benchmark.Fixtures)
        {
            var box = ScadText.Fixture(fixture, benchmarkDirectory).Bounds;
            text.Append(CultureInfo.InvariantCulture, $"fixture '{fixture.Name}': {Span(box)}; box gap to the payload {Gap(payload, box)}, to the goal zone {Gap(box, goal)}\n");
        }

        return text.ToString();

        static string Span(Aabb b) => $"x {N(b.Min.X, "0")}..{N(b.Max.X, "0")}, y {N(b.Min.Y, "0")}..{N(b.Max.Y, "0")}, z {N(b.Min.Z, "0")}..{N(b.Max.Z, "0")}";
    }

    private static RenderSubject DraftSubject(ToolContext context, PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
    {
        var file = context.Workspace.Resolve(BenchmarkGenerator.BenchmarkFile);
        if (!File.Exists(file))
        {
            throw new ToolRefusedException($"There is no {BenchmarkGenerator.BenchmarkFile} in the workspace yet; write it with write_file first.");
        }

        PhysicsWorkbench draft;
        try
        {
            draft = new PhysicsWorkbench(file, analyzer, simulation, time);
        }
        catch (SpecException ex)
        {
            throw new ToolRefusedException($"{BenchmarkGenerator.BenchmarkFile} cannot be drawn, it is not valid:\n- {string.Join("\n- ", ex.Errors)}");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ToolRefusedException($"{BenchmarkGenerator.BenchmarkFile} cannot be drawn, it is not valid JSON: {ex.Message}");
        }

        var reference = context.Workspace.Resolve(BenchmarkGenerator.ReferenceFolder);
        var solution = File.Exists(Path.Combine(reference, SolutionLoader.FileName)) ? draft.LoadSolution(new WorkspaceRoot(reference)) : null;
        return new RenderSubject(analyzer, draft.Benchmark, draft.BenchmarkDirectory, solution, reference, WithEnvironment: true);
    }

    private static List<PartSpec> Choose(SolutionSpec? solution, IReadOnlyList<string>? names)
    {
        if (solution is null)
        {
            return names is { Count: > 0 }
                ? throw new ToolRefusedException($"There is no {SolutionLoader.FileName} with parts to draw; leave out 'parts' to draw the environment alone.")
                : [];
        }

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

    private static string Scene(RenderSubject subject, List<PlacedSolid> parts, bool environment, out Dictionary<string, string> files)
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

        var benchmark = subject.Benchmark;
        foreach (var fixture in benchmark.Fixtures)
        {
            var solid = ScadText.Fixture(fixture, subject.BenchmarkDirectory);
            scad.Append(CultureInfo.InvariantCulture, $"color([0.55, 0.55, 0.6, 1]) {solid.Scad}\n");
            foreach (var (name, path) in solid.Files)
            {
                files[name] = path;
            }
        }

        string[] colours = ["[1, 0.45, 0.05, 1]", "[0.1, 0.4, 0.9, 1]", "[0.6, 0.2, 0.8, 1]", "[0.9, 0.8, 0.1, 1]"];
        foreach (var (spec, i) in benchmark.AllPayloads().Select((p, i) => (p, i)))
        {
            var payload = ScadText.Fixture(new FixtureSpec { Name = spec.Name, Shape = spec.Shape, Pose = spec.Pose }, subject.BenchmarkDirectory);
            scad.Append(CultureInfo.InvariantCulture, $"color({colours[i % colours.Length]}) {payload.Scad}\n");
            foreach (var (name, path) in payload.Files)
            {
                files[name] = path;
            }
        }

        scad.Append(Zone(benchmark.Zones.Build, "[0.2, 0.4, 1, 0.12]"));
        scad.Append(Zone(benchmark.Zones.Goal, "[0.1, 0.9, 0.2, 0.35]"));
        foreach (var extra in benchmark.Zones.ExtraGoals ?? [])
        {
            scad.Append(Zone(extra, "[0.1, 0.7, 0.9, 0.35]"));
        }
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
