using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Tools.Contract;

namespace Leviathan.Perf.Agents;

/// <summary>
/// <c>simulate</c> with the simulation taken out: it returns, in no time, a result shaped like the real tool's (the
/// per-start text, the evaluation report of 11 starts as structured JSON, and a five-frame filmstrip as images), so the
/// physics scenario measures the orchestration around a physics step and not MuJoCo.
/// </summary>
internal sealed class CannedSimulateTool : ITool
{
    private readonly ToolResult _result;

    public CannedSimulateTool(string reportPath)
    {
        var report = JsonNode.Parse(File.ReadAllText(reportPath))!;
        var text = new StringBuilder("FAILURE: 6 of 11 starts pass (not robust: every start must pass).\n");
        foreach (var sample in report["samples"]!.AsArray())
        {
            text.Append(sample!["label"]).Append(": ").Append(sample["passed"]!.GetValue<bool>() ? "PASS" : "FAIL")
                .Append("; start ").Append(sample["start"]!.ToJsonString()).Append(" -> end ").Append(sample["final_position"]!.ToJsonString())
                .Append(" m; touched: floor 0.4-3 s, plank 0.3-0.9 s\n");
        }

        var frames = Enumerable.Range(0, 5).Select(i => new ToolImage($"renders/filmstrip-iso-{i}.png", "image/png", new byte[40_000])).ToList();
        text.Append("filmstrip of sample 0 (iso): ").AppendJoin(", ", frames.Select(f => f.Path)).Append('\n');
        _result = ToolResult.Success(text.ToString(), [.. frames.Select(f => new ToolArtifact(f.Path, "image"))]) with { Images = frames, StructuredContent = report };
    }

    public ToolDefinition Definition { get; } = new(
        "simulate",
        "Simulate the solution under the benchmark's jittered starts (canned for the benchmark).",
        new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["samples"] = new JsonObject { ["type"] = "integer" } } });

    public Task<ToolResult> InvokeAsync(JsonElement arguments, ToolContext context, CancellationToken cancellationToken) => Task.FromResult(_result);
}
