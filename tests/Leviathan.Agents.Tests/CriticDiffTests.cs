using Leviathan.Core.Runs;
using Leviathan.Tools.Snapshots;

namespace Leviathan.Agents.Tests;

public sealed class CriticDiffTests
{
    [Fact]
    public async Task Run_WorkspaceChangedBeforeTheRun_CriticSeesOnlyTheRunsChanges()
    {
        await using var team = await TeamHarness.StartAsync();
        // Earlier history: checkpoints of an older run, and changes made after them but before this run.
        var snapshots = new WorkspaceSnapshotStore(team.State);
        await snapshots.CheckpointAsync("an earlier run", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(team.Workspace, "earlier.txt"), "written before the run\n");
        await File.AppendAllTextAsync(Path.Combine(team.Workspace, "test_calc.py"), "# edited before the run\n");
        await snapshots.CheckpointAsync("another earlier run", CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(team.Workspace, "README.txt"), "also before the run\n");
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        outcome.FilesChanged.ShouldBe(["calc.py"]);
        var review = team.Server.ChatRequests[^1].Messages[1];
        var text = Leviathan.Testing.FakeOpenAi.FakeRequest.TextOf(review);
        text.ShouldContain("diff --git a/calc.py b/calc.py");
        text.ShouldContain("+    return a + b");
        text.ShouldNotContain("earlier.txt");
        text.ShouldNotContain("README.txt");
        text.ShouldNotContain("edited before the run");
    }
}
