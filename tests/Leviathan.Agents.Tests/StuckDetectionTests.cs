using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

public sealed class StuckDetectionTests
{
    [Fact]
    public async Task Run_ModelAlternatesBetweenTwoActions_IntervenesThenEndsStuck()
    {
        await using var team = await TeamHarness.StartAsync();
        var a = FakeReply.ToolCall("read_file", new { path = "calc.py" });
        var b = FakeReply.ToolCall("list_files", new { });
        team.Server.Enqueue([.. TeamHarness.Plan(), a, b, a, b, a, b, a, b, a, b]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Stuck, outcome.Reason);
        outcome.Reason.ShouldStartWith("stuck after an intervention: alternating between two actions without progress: read_file");
        var requests = team.Server.ChatRequests;
        requests.Count.ShouldBe(9, "planner, four turns, intervention, four more turns");
        requests[5].LastMessageText.ShouldStartWith("You are repeating yourself: alternating between two actions without progress");
        requests.Take(5).ShouldAllBe(r => !r.LastMessageText.Contains("repeating yourself", StringComparison.Ordinal));
        var events = await team.EventsAsync(outcome.RunId);
        events.Count(e => e.Kind == EventKind.Error && e.Role == "orchestrator").ShouldBe(1);
        events.Count(e => e.Kind == EventKind.ToolCall && e.Role == "engineer").ShouldBe(8);
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("stuck");
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.BrokenCalc);
    }
}
