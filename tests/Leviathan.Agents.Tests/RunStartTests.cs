using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Testing.FakeOpenAi;

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

    [Fact]
    public async Task Run_StartCheckpointFails_EndsErrorWithItsReason_AndNoToolRuns()
    {
        await using var team = await TeamHarness.StartAsync();
        // The snapshot repository's place is taken by a file: the checkpoint of the run's start cannot be taken.
        Directory.CreateDirectory(team.State.FullPath);
        await File.WriteAllTextAsync(team.State.SnapshotRepository, "not a repository\n");
        team.Server.Enqueue([FakeReply.ToolCall("write_file", new { path = "calc.py", content = TeamHarness.FixedCalc }), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Error);
        outcome.Reason.ShouldContain(team.State.SnapshotRepository);
        // The checkpoint is taken beside the first model call; the tool that call asked for never runs without it.
        team.Server.ChatRequests.Count.ShouldBe(1);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.BrokenCalc);
        var run = (await team.Store.FindRunAsync(outcome.RunId))!;
        run.Status.ShouldBe(RunStatus.Error);
        (await team.EventsAsync(outcome.RunId)).ShouldNotContain(e => e.Kind == EventKind.ToolResult);
    }
}
