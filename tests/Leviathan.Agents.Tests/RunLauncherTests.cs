using Leviathan.Agents.Launching;
using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Models.Profiles;

namespace Leviathan.Agents.Tests;

/// <summary>The one way to launch a run: models from profiles, sandbox, policy and store wired by the library, for any caller.</summary>
public sealed class RunLauncherTests
{
    [Fact]
    public async Task Launch_TwoRunsAtOnceThroughOneLauncher_EachSucceedsInItsOwnWorkspace()
    {
        await using var first = await TeamHarness.StartAsync();
        await using var second = await TeamHarness.StartAsync();
        foreach (var harness in new[] { first, second })
        {
            harness.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);
        }

        // One launcher, one store, one home: the way a service or an evaluation harness launches runs side by side.
        var launcher = new RunLauncher(new RunLaunchOptions { Home = first.Home, Store = first.Store });
        var outcomes = await Task.WhenAll(
            Task.Run(() => launcher.LaunchAsync(Request(first), CancellationToken.None)),
            Task.Run(() => launcher.LaunchAsync(Request(second), CancellationToken.None)));

        outcomes.Select(o => o.Status).ShouldBe([RunStatus.Succeeded, RunStatus.Succeeded], string.Join(" | ", outcomes.Select(o => o.Reason)));
        first.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        second.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        first.Server.PendingReplies.ShouldBe(0);
        second.Server.PendingReplies.ShouldBe(0);
        var runs = await Task.WhenAll(outcomes.Select(o => first.Store.FindRunAsync(o.RunId)));
        runs.Select(r => r!.Workspace).ShouldBe([first.Workspace, second.Workspace]);
        runs.ShouldAllBe(r => r!.Team == "software" && r.ModelProfile == "default" && r.Budget.MaxSteps == 20);
    }

    [Fact]
    public async Task Prepare_UnknownApprovalRule_FailsAsAnInvalidRequestNamingTheRules_AndCreatesNoRun()
    {
        await using var team = await TeamHarness.StartAsync();
        var launcher = new RunLauncher(new RunLaunchOptions { Home = team.Home, Store = team.Store });

        var error = await Should.ThrowAsync<RunLaunchException>(() => launcher.LaunchAsync(Request(team) with { ApproveRules = ["no-such-rule"] }, CancellationToken.None));

        error.Kind.ShouldBe(RunLaunchErrorKind.InvalidRequest);
        error.Message.ShouldContain("'no-such-rule', which does not exist");
        error.Hint!.ShouldContain("network-on");
        (await team.Store.ListRunsAsync(null, 10)).ShouldBeEmpty();
        team.Server.ChatRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Prepare_NoModelRoute_FailsAsAnInvalidRequestWithTheFix()
    {
        await using var team = await TeamHarness.StartAsync();
        var launcher = new RunLauncher(new RunLaunchOptions { Home = team.Home, Store = team.Store });
        var catalog = new ModelCatalog([], new Dictionary<string, string>(StringComparer.Ordinal));

        var error = await Should.ThrowAsync<RunLaunchException>(() => launcher.PrepareAsync(
            new RunRequest { Options = Options(team), Catalog = catalog },
            CancellationToken.None));

        error.Kind.ShouldBe(RunLaunchErrorKind.InvalidRequest);
        error.Hint!.ShouldContain("configure a model endpoint");
    }

    private static TeamOptions Options(TeamHarness harness) => new()
    {
        Goal = "Make the test in test_calc.py pass.",
        Workspace = harness.Workspace,
        VerifyCommand = TeamHarness.Verify,
        Budget = new RunBudget(MaxSteps: 20),
        PlannerRecheckEvery = 0,
    };

    private static RunRequest Request(TeamHarness harness) => new()
    {
        Options = Options(harness),
        Profiles = _ => harness.Profile(),
    };
}
