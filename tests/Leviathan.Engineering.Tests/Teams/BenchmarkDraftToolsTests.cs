using System.Text.Json.Nodes;
using Leviathan.Engineering.Teams.Benchmarks;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Engineering.Tests.Tools;
using Leviathan.Engineering.Tools;
using Leviathan.Testing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Engineering.Tests.Teams;

/// <summary>The benchmark team's draft tools as a model calls them, with real OpenSCAD: <c>cad_render</c> on a draft, and the orchestrator's copy of a draft.</summary>
public sealed class BenchmarkDraftToolsTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-benchmark-draft");

    [Fact]
    public async Task CadRenderForDraft_NoReferenceYet_DrawsTheEnvironmentAloneAndSaysThePayloadStartsInTheGoal()
    {
        var draft = Draft(json =>
        {
            json["zones"]!["goal"]!["min"] = new JsonArray(-0.36, -0.06, 0.34);
            json["zones"]!["goal"]!["max"] = new JsonArray(-0.24, 0.06, 0.46);
        });

        var result = await RenderAsync(draft, """{"views": ["iso", "top"]}""", attachImages: true);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("drew the benchmark environment: renders/cad-iso-env.png, renders/cad-top-env.png");
        result.Text.ShouldContain("payload 'ball' at its start: x -320..-280");
        result.Text.ShouldContain("it starts TOUCHING OR INSIDE the goal zone");
        result.Text.ShouldContain("fixture 'back-wall': x 700..720");
        result.Images.Count.ShouldBe(2);
        PhysicsToolsTests.PngSize(result.Images[0].Data.ToArray()).ShouldBe((640, 480));
        result.Images[0].Data.ToArray().SequenceEqual(result.Images[1].Data.ToArray()).ShouldBeFalse();
    }

    [Fact]
    public async Task CadRenderForDraft_WithAReference_DrawsItsPartsInTheEnvironmentWithTheirClearances()
    {
        var draft = Draft();
        var reference = Directory.CreateDirectory(Path.Combine(draft, "reference")).FullName;
        foreach (var file in Directory.GetFiles(TestPaths.Solution("ramp-to-goal")))
        {
            File.Copy(file, Path.Combine(reference, Path.GetFileName(file)));
        }

        var result = await RenderAsync(draft, "{}", attachImages: false);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldStartWith("drew plank, rail-left, rail-right in the benchmark environment: renders/cad-iso-env.png");
        result.Text.ShouldContain("part 'plank': spans x ");
        result.Text.ShouldContain("inside the build zone");
        result.Images.ShouldBeEmpty();
        File.Exists(Path.Combine(draft, "renders", "cad-iso-env.png")).ShouldBeTrue();
    }

    [Fact]
    public async Task CadRenderForDraft_NoBenchmarkYet_SaysToWriteItFirst()
    {
        var empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);

        var result = await RenderAsync(empty, "{}", attachImages: false);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("There is no benchmark.json in the workspace yet; write it with write_file first.");
    }

    [Fact]
    public void DraftCopy_LinkInTheDraft_IsRefusedNotFollowed()
    {
        var draft = Draft();
        Directory.CreateDirectory(Path.Combine(draft, "reference"));
        File.CreateSymbolicLink(Path.Combine(draft, "reference", "solution.json"), "/etc/passwd");
        var target = _temp.Combine("proof");

        var problem = DraftCopy.Copy(draft, target);

        problem.ShouldBe("'reference/solution.json' is a symbolic link; a benchmark folder holds regular files only: write the file itself there");
        File.Exists(Path.Combine(target, "reference", "solution.json")).ShouldBeFalse();
    }

    [Fact]
    public void DraftCopy_LeavesOutTheRenders()
    {
        var draft = Draft();
        Directory.CreateDirectory(Path.Combine(draft, "renders"));
        File.WriteAllText(Path.Combine(draft, "renders", "cad-iso-env.png"), "png");
        var target = _temp.Combine("proof");

        DraftCopy.Copy(draft, target).ShouldBeNull();

        File.ReadAllText(Path.Combine(target, "benchmark.json")).ShouldBe(File.ReadAllText(Path.Combine(draft, "benchmark.json")));
        Directory.Exists(Path.Combine(target, "renders")).ShouldBeFalse();
    }

    public void Dispose() => _temp.Dispose();

    private async Task<ToolResult> RenderAsync(string draft, string arguments, bool attachImages)
    {
        var tools = new ToolSet([CadRenderTool.ForDraft(RealCad.Analyzer(), simulation.Client, TimeProvider.System, attachImages)]);
        return await tools.InvokeAsync(new ToolCall(CadRenderTool.ToolName, arguments), new ToolContext(new WorkspaceRoot(draft)), CancellationToken.None);
    }

    private string Draft(Action<JsonNode>? change = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(TestPaths.Benchmark("ramp-to-goal")))!;
        json["id"] = "ball-over-pit";
        change?.Invoke(json);
        var draft = _temp.Combine("draft-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(draft);
        File.WriteAllText(Path.Combine(draft, "benchmark.json"), json.ToJsonString());
        return draft;
    }
}
