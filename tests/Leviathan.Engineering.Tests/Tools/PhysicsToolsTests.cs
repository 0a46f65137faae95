using System.Buffers.Binary;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Engineering.Tools;
using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Standard;
using Leviathan.Tools.Workspace;

namespace Leviathan.Engineering.Tests.Tools;

/// <summary>The engineering tools called as a model calls them (JSON arguments through a tool set), with real OpenSCAD and MuJoCo.</summary>
public sealed class PhysicsToolsTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-physics-tools");

    [Fact]
    public async Task ValidateSolution_ShippedRampSolution_PassesEveryCheckWithoutSimulating()
    {
        var result = await CallAsync("ramp-to-goal", ValidateSolutionTool.ToolName, "{}");

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("VALID: every check passes");
        result.Text.ShouldContain("plank: hardwood");
        result.Text.ShouldContain("rail-left: hardwood");
        result.Text.ShouldContain("unit cost");
        result.StructuredContent!["reasons"]!.AsArray().ShouldBeEmpty();
        result.StructuredContent["samples"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidateSolution_PartSunkIntoTheFloor_SaysItPenetratesTheFixtureWithTheVolume()
    {
        var workspace = Workspace("ramp-to-goal");
        await File.WriteAllTextAsync(Path.Combine(workspace, "block.scad"), "cube([40, 40, 40]);");
        await File.WriteAllTextAsync(Path.Combine(workspace, "solution.json"), """
            { "version": 1, "parts": [ { "name": "block", "file": "block.scad", "material": "pla", "process": "print3d", "position": [-0.3, 0, -0.01] } ] }
            """);

        var result = await CallAsync("ramp-to-goal", ValidateSolutionTool.ToolName, "{}", workspace);

        result.Text.ShouldStartWith("INVALID:");
        // 40 x 40 x 10 mm of the block lie inside the floor (its top at z = 0).
        result.Text.ShouldContain("- parts_overlap: part 'block' and fixture 'floor' share 16000 mm³");
        result.Text.ShouldContain("- outside_build_zone: part 'block' reaches 10 mm outside the build zone");
    }

    [Fact]
    public async Task Simulate_ShippedRampSolution_ReportsEveryStartWithItsTrajectoryAndContacts()
    {
        var result = await CallAsync("ramp-to-goal", SimulateTool.ToolName, """{"samples": 2}""");

        result.IsError.ShouldBeFalse(result.Text);
        // 2 samples, the nominal start and the 4 corners of the x/y jitter.
        result.Text.ShouldStartWith("SUCCESS: all 7 starts pass");
        result.Text.ShouldContain("sample 0: PASS; start (");
        result.Text.ShouldContain("; in goal at t=");
        result.Text.ShouldContain("touched: part 'plank'");
        result.Text.ShouldNotContain("why:");
        var samples = result.StructuredContent!["samples"]!.AsArray();
        samples.Count.ShouldBe(7);
        samples[0]!["contacts"]!.AsArray().Select(c => c!["with"]!.GetValue<string>()).ShouldContain("part 'plank'");
    }

    [Fact]
    public async Task Simulate_PlankTiltedTheWrongWay_SaysHowCloseItCameAndWhyEachStartFailed()
    {
        var workspace = Workspace("ramp-to-goal");
        await File.WriteAllTextAsync(Path.Combine(workspace, "solution.json"), """
            { "version": 1, "parts": [ { "name": "plank", "file": "plank.scad", "material": "hardwood", "process": "cnc_milling", "position": [-0.42, 0, 0.05], "rotation": [0, -17, 0] } ] }
            """);

        var result = await CallAsync("ramp-to-goal", SimulateTool.ToolName, """{"samples": 1}""", workspace);

        result.Text.ShouldStartWith("FAILURE: 0 of 6 starts pass");
        result.Text.ShouldContain("sample 0: FAIL; start (");
        result.Text.ShouldMatch(@"never in goal, closest \d+(\.\d)? mm at t=");
        result.Text.ShouldContain("why: left_world: sample 0: the payload 'ball' left the world box at t = ");
        result.Text.ShouldContain("why: objective_missed: the payload never reached the goal");
        result.Text.ShouldContain("touched: part 'plank'");
        var sample = result.StructuredContent!["samples"]![0]!;
        sample["closest_at"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Simulate_WithARenderer_StoresAFilmstripOfFiveFramesAndAttachesItForAModelThatSees()
    {
        var workspace = Workspace("ramp-to-goal");
        var analyzer = RealCad.Analyzer();
        var workbench = new PhysicsWorkbench(TestPaths.Benchmark("ramp-to-goal"), analyzer, simulation.Client, TimeProvider.System, new EvaluationOptions { Extremes = false })
        {
            Filmstrip = new Leviathan.Engineering.Rendering.SolutionFilmstrip(analyzer, new Leviathan.Simulation.Rendering.SceneRenderer(simulation.Client)),
        };
        var tools = new ToolSet([new SimulateTool(workbench, attachImages: true)]);

        var result = await tools.InvokeAsync(new ToolCall(SimulateTool.ToolName, """{"samples": 1}"""), new ToolContext(new WorkspaceRoot(workspace)), CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("filmstrip of sample 0 (iso): t=0 s renders/filmstrip-iso-");
        result.Artifacts.Count.ShouldBe(5);
        result.Images.Count.ShouldBe(5);
        result.Images.Select(i => PngSize(i.Data.ToArray())).Distinct().ShouldBe([(640, 480)]);
        result.Images[0].Data.ToArray().SequenceEqual(result.Images[^1].Data.ToArray()).ShouldBeFalse();
        File.Exists(Path.Combine(workspace, result.Artifacts[2].Path)).ShouldBeTrue();
    }

    [Fact]
    public async Task CadInspect_Plank_ReportsSizeVolumeMassCostAndManufacturability()
    {
        var result = await CallAsync("ramp-to-goal", CadInspectTool.ToolName, """{"part": "plank"}""");

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("part 'plank' (plank.scad): rendered");
        result.Text.ShouldContain("size 650 x 80 x 6 mm");
        result.Text.ShouldContain("volume 312 cm³");
        result.Text.ShouldContain("watertight yes; single solid yes");
        // 312 cm³ of hardwood at 705 kg/m³.
        result.Text.ShouldContain("mass 220 g (hardwood, 705 kg/m³)");
        result.Text.ShouldContain("cost (cnc_milling, run of 50, 1 per unit)");
        result.Text.ShouldContain("manufacturability (cnc_milling): ok");
        result.StructuredContent!["mass_kg"]!.GetValue<double>().ShouldBe(312e-6 * 705, 1e-4);
    }

    [Fact]
    public async Task CadInspect_UnknownPart_NamesTheSolutionsParts()
    {
        var result = await CallAsync("ramp-to-goal", CadInspectTool.ToolName, """{"part": "wheel"}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("'wheel' is neither a part of solution.json nor a .scad file; its parts: plank, rail-left, rail-right.");
    }

    [Fact]
    public async Task CadInspect_SyntaxError_GivesOpenScadsMessageWithTheLine()
    {
        var workspace = Workspace("ramp-to-goal");
        await File.WriteAllTextAsync(Path.Combine(workspace, "plank.scad"), "length = 650;\ncube([length 80, 6]);\n");

        var result = await CallAsync("ramp-to-goal", CadInspectTool.ToolName, """{"part": "plank"}""", workspace);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("part 'plank' (plank.scad) does not render:");
        result.Text.ShouldContain("plank.scad line 2");
    }

    [Fact]
    public async Task Simulate_SamplesOutOfRange_IsRefusedBySchemaBeforeAnythingRuns()
    {
        var result = await CallAsync("ramp-to-goal", SimulateTool.ToolName, """{"samples": 0}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("Invalid arguments for simulate:");
    }

    [Fact]
    public async Task CadRender_TwoViewsWithEnvironment_WritesDistinctPngsOfTheSizeAndDescribesThemInText()
    {
        var workspace = Workspace("ramp-to-goal");

        var result = await CallAsync("ramp-to-goal", CadRenderTool.ToolName, """{"views": ["iso", "top"], "with_environment": true}""", workspace);

        result.IsError.ShouldBeFalse(result.Text);
        result.Artifacts.Select(a => a.Path).ShouldBe(["renders/cad-iso-env.png", "renders/cad-top-env.png"]);
        var iso = await File.ReadAllBytesAsync(Path.Combine(workspace, "renders/cad-iso-env.png"));
        var top = await File.ReadAllBytesAsync(Path.Combine(workspace, "renders/cad-top-env.png"));
        PngSize(iso).ShouldBe((640, 480));
        PngSize(top).ShouldBe((640, 480));
        iso.SequenceEqual(top).ShouldBeFalse();
        result.Images.ShouldBeEmpty();
        result.Text.ShouldContain("what the images show");
        result.Text.ShouldContain("part 'plank': spans x ");
        result.Text.ShouldContain("forbid zone 'pit'");
    }

    [Fact]
    public async Task CadRender_ForAModelThatSees_AttachesThePngs()
    {
        var workspace = Workspace("ramp-to-goal");
        var workbench = Workbench("ramp-to-goal");
        var tools = new ToolSet([new CadRenderTool(workbench, attachImages: true, width: 320, height: 240)]);

        var result = await tools.InvokeAsync(new ToolCall(CadRenderTool.ToolName, """{"parts": ["plank"], "views": ["front"]}"""), new ToolContext(new WorkspaceRoot(workspace)), CancellationToken.None);

        result.IsError.ShouldBeFalse(result.Text);
        var image = result.Images.ShouldHaveSingleItem();
        image.Path.ShouldBe("renders/cad-front-plank.png");
        image.MediaType.ShouldBe("image/png");
        PngSize(image.Data.ToArray()).ShouldBe((320, 240));
    }

    [Fact]
    public async Task BenchmarkCopy_IsReadableButTheFileToolsMayNotWriteIt()
    {
        var workspace = Workspace("ramp-to-goal");
        var workbench = Workbench("ramp-to-goal");
        workbench.CopyBenchmarkInto(workspace);
        var tools = new ToolSet(StandardTools.Create());
        var context = new ToolContext(new WorkspaceRoot(workspace));

        var read = await tools.InvokeAsync(new ToolCall(ReadFileTool.ToolName, $$"""{"path": "{{PhysicsWorkbench.BenchmarkCopy}}"}"""), context, CancellationToken.None);
        var write = await tools.InvokeAsync(new ToolCall(WriteFileTool.ToolName, $$"""{"path": "{{PhysicsWorkbench.BenchmarkCopy}}", "content": "{}"}"""), context, CancellationToken.None);

        read.Text.ShouldContain("\"id\": \"ramp-to-goal\"");
        write.IsError.ShouldBeTrue();
        write.Text.ShouldContain("tools may not change it");
        File.GetUnixFileMode(Path.Combine(workspace, PhysicsWorkbench.BenchmarkCopy)).ShouldBe(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    [Fact]
    public async Task ValidateSolution_PartFolderLinksOutOfTheWorkspace_IsRefusedNotFollowed()
    {
        var workspace = Workspace("ramp-to-goal");
        var outside = _temp.Combine("secret.stl");
        await File.WriteAllTextAsync(outside, "solid secret\nendsolid secret\n");
        File.CreateSymbolicLink(Path.Combine(workspace, "stolen.stl"), outside);

        var result = await CallAsync("ramp-to-goal", ValidateSolutionTool.ToolName, "{}", workspace);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("through a symbolic link, which is outside the workspace");
    }

    [Fact]
    public async Task ValidateSolution_NoSolutionYet_SaysHowToWriteOne()
    {
        var workspace = _temp.Combine("empty");
        Directory.CreateDirectory(workspace);

        var result = await CallAsync("ramp-to-goal", ValidateSolutionTool.ToolName, "{}", workspace);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("There is no solution.json in the solution folder yet. Write one with write_file");
    }

    public void Dispose() => _temp.Dispose();

    internal static (int Width, int Height) PngSize(byte[] png)
    {
        png.Length.ShouldBeGreaterThan(24);
        png.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    private async Task<ToolResult> CallAsync(string benchmark, string tool, string arguments, string? workspace = null)
    {
        workspace ??= Workspace(benchmark);
        var workbench = Workbench(benchmark);
        var tools = new ToolSet(PhysicsTools.Engineer(workbench, vision: false));
        return await tools.InvokeAsync(new ToolCall(tool, arguments), new ToolContext(new WorkspaceRoot(workspace)), CancellationToken.None);
    }

    private PhysicsWorkbench Workbench(string benchmark) =>
        new(TestPaths.Benchmark(benchmark), RealCad.Analyzer(), simulation.Client, TimeProvider.System, new EvaluationOptions());

    private string Workspace(string solution)
    {
        var target = _temp.Combine(solution + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(TestPaths.Solution(solution)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
