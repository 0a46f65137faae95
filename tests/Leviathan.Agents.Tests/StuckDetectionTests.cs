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

    [Fact]
    public async Task Run_ModelKeepsAnsweringWithoutToolCalls_NudgesIntervenesThenEndsStuck()
    {
        await using var team = await TeamHarness.StartAsync();
        var talk = FakeReply.Text("I believe the bug is in calc.py.");
        team.Server.Enqueue([.. TeamHarness.Plan(), talk, talk, talk, talk, talk, talk, talk]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Stuck, outcome.Reason);
        outcome.Reason.ShouldBe("stuck after an intervention: 3 turns in a row without a tool call");
        var requests = team.Server.ChatRequests;
        requests.Count.ShouldBe(7);
        requests[2].LastMessageText.ShouldStartWith("Act through tool calls");
        requests[4].LastMessageText.ShouldStartWith("You are repeating yourself: 3 turns in a row without a tool call");
        var events = await team.EventsAsync(outcome.RunId);
        events.Count(e => e.Kind == EventKind.Message && e.Role == "engineer" && TeamHarness.Payload(e).GetProperty("role").GetString() == "assistant").ShouldBe(6);
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("stuck");
    }
}
