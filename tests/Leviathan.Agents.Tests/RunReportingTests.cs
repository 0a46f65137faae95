using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;

namespace Leviathan.Agents.Tests;

/// <summary>What a run reports about itself: an honest reason without verification, live progress, and its final diff.</summary>
public sealed class RunReportingTests
{
    [Fact]
    public async Task Run_NoVerifyCommand_SucceedsOnlyAsNotVerifiedAcceptedByTheCritic()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync(verify: null);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        outcome.Reason.ShouldStartWith(Leviathan.Agents.Software.SoftwareTeam.NotVerifiedReason + ": ");
        outcome.Reason.ShouldNotContain("verification passed");
        outcome.Verification.ShouldStartWith("not run (--no-verify)");
        (await team.Store.FindRunAsync(outcome.RunId))!.Reason.ShouldBe(outcome.Reason);
        team.Progress.ShouldContain(p => p.Kind == TeamProgressKind.VerificationResult && !p.Failed && p.ExitCode == null);
    }

    [Fact]
    public async Task Run_Progress_ReportsEachCallWithItsArguments_AndEachResultWithItsFailureAndExitCode()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), Leviathan.Testing.FakeOpenAi.FakeReply.ToolCall("run_command", new { command = TeamHarness.Verify }), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        var call = team.Progress.First(p => p.Kind == TeamProgressKind.ToolCall && p.Tool == "run_command");
        call.Arguments!.ShouldContain(TeamHarness.Verify);
        var failed = team.Progress.First(p => p.Kind == TeamProgressKind.ToolResult && p.Tool == "run_command");
        failed.Failed.ShouldBeTrue();
        failed.ExitCode.ShouldBe(1);
        failed.Output!.ShouldContain("FAIL: add(2, 3) returned -1");
        team.Progress.ShouldContain(p => p.Kind == TeamProgressKind.ModelCall && p.Note == "thinking");
        team.Progress.ShouldContain(p => p.Kind == TeamProgressKind.VerificationResult && !p.Failed && p.ExitCode == 0);
        team.Progress.ShouldContain(p => p.Kind == TeamProgressKind.Verdict && !p.Failed);
    }

    [Fact]
    public async Task Run_ThatChangedFiles_EndsWithItsDiffAsTheRunPatchArtifact()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.PatchSha256.ShouldNotBeNull();
        var artifact = (await team.Store.ListArtifactsAsync(outcome.RunId)).ShouldHaveSingleItem();
        artifact.Path.ShouldBe(TeamRunner.PatchName);
        artifact.Sha256.ShouldBe(outcome.PatchSha256);
        var patch = await File.ReadAllTextAsync(team.Store.Blobs.PathOf(artifact.Sha256));
        patch.ShouldContain("-    return a - b\n+    return a + b");
        var events = await team.EventsAsync(outcome.RunId);
        var recorded = events.Single(e => e.Kind == EventKind.Artifact);
        recorded.Id.ShouldBe(artifact.EventId!.Value);
        events[^1].Kind.ShouldBe(EventKind.Status, "the artifact comes before the final status");
    }
}
