using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;

namespace Leviathan.Agents.Tests;

/// <summary>A run that could not start ends 'error' with the reason; it is never left 'pending' or 'running'.</summary>
public sealed class RunStartTests
{
    [Fact]
    public async Task Run_WorkspaceGone_EndsErrorWithTheReasonNotPending()
    {
        await using var team = await TeamHarness.StartAsync();
        var missing = Path.Combine(team.Home, "no-such-workspace");

        var outcome = await team.RunAsync(workspace: missing);

        outcome.Status.ShouldBe(RunStatus.Error);
        outcome.Reason.ShouldStartWith("the run could not start: ");
        var run = (await team.Store.FindRunAsync(outcome.RunId))!;
        run.Status.ShouldBe(RunStatus.Error);
        run.Reason.ShouldBe(outcome.Reason);
        run.EndedAt.ShouldNotBeNull();
        var events = await team.EventsAsync(outcome.RunId);
        events.ShouldContain(e => e.Kind == EventKind.Error);
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("error");
        team.Server.ChatRequests.ShouldBeEmpty();
    }
}
