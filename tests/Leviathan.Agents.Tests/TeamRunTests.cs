using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Agents.Tests;

public sealed class TeamRunTests
{
    [Fact]
    public async Task Run_ScriptedModelFixesTheBug_SucceedsWithAcceptedVerdictAndFullTrace()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        File.ReadAllText(team.State.TodoFile).ShouldContain("Fix add() in calc.py");
        outcome.FilesChanged.ShouldBe(["calc.py"]);
        outcome.Verification.ShouldStartWith("passed");

        var run = await team.Store.FindRunAsync(outcome.RunId);
        run!.Status.ShouldBe(RunStatus.Succeeded);
        run.PromptVersions.Keys.ShouldBe(["critic", "engineer", "planner"], ignoreOrder: true);
        var events = await team.EventsAsync(outcome.RunId);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, events.Count).Select(i => (long)i));
        events.ShouldContain(e => e.Kind == EventKind.PlanUpdate && e.Role == "planner");
        var verify = events.Single(e => e.Kind == EventKind.ToolResult && TeamHarness.Payload(e).GetProperty("name").GetString() == "verify");
        TeamHarness.Payload(verify).GetProperty("is_error").GetBoolean().ShouldBeFalse();
        TeamHarness.Payload(verify).GetProperty("text").GetString()!.ShouldContain("OK: add works");
        var verdict = events.Single(e => e.Kind == EventKind.Verdict);
        TeamHarness.Payload(verdict).GetProperty("accept").GetBoolean().ShouldBeTrue();
        var write = events.Single(e => e.Kind == EventKind.ToolCall && TeamHarness.Payload(e).GetProperty("name").GetString() == "write_file");
        events.Single(e => e.Kind == EventKind.ToolResult && e.ParentId == write.Id).Role.ShouldBe("engineer");
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("succeeded");
        (await team.Store.ReadPlanAsync(outcome.RunId)).Single().Id.ShouldBe("1");
        team.Server.ChatRequests[1].SystemPrompt.ShouldContain("Fix add() in calc.py");
    }

    [Fact]
    public async Task Run_WorkerThinking_TheVerificationsSandboxIsReadyBeforeFinishAndNothingOfItOutlivesTheRun()
    {
        // A verification command of its own, to find its sandbox among those of the tests running beside this one.
        var verify = $"{TeamHarness.Verify} # {Guid.NewGuid():N}";
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed()]);
        var replies = new Queue<FakeReply>([TeamHarness.Finish(), TeamHarness.Accept()]);
        var readyWhileTheWorkerThought = false;
        team.Server.RespondWith(_ =>
        {
            if (replies.Count == 2)
            {
                // The worker's model is asked for the step that finishes: the sandbox of the verification is already there.
                readyWhileTheWorkerThought = SpinWait.SpinUntil(() => HostProcesses.WithArgument(verify).Count > 0, TimeSpan.FromSeconds(30));
            }

            return replies.Dequeue();
        });

        var outcome = await team.RunAsync(verify: verify);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        outcome.Verification.ShouldStartWith("passed");
        readyWhileTheWorkerThought.ShouldBeTrue("the verification's sandbox is made while the worker's model thinks");
        HostProcesses.WithArgument(verify).ShouldBeEmpty();
    }

    [Fact]
    public async Task Run_WorkerNeverFinishes_TheVerificationsSandboxMadeAheadIsGoneWithTheRun()
    {
        var verify = $"{TeamHarness.Verify} # {Guid.NewGuid():N}";
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.WriteFixed()]);

        var outcome = await team.RunAsync(verify: verify, budget: new RunBudget(MaxSteps: 3));

        outcome.Status.ShouldBe(RunStatus.BudgetExhausted, outcome.Reason);
        HostProcesses.WithArgument(verify).ShouldBeEmpty("a sandbox made for a verification that never came does not outlive its run");
    }

    [Fact]
    public async Task Run_VerificationFailsFirst_EngineerSeesTheOutputAndFixesIt()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            FakeReply.ToolCall("write_file", new { path = "calc.py", content = "def add(a, b):\n    return a * b\n" }),
            TeamHarness.Finish(),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        team.Server.ChatRequests[3].LastMessageText.ShouldContain("FAIL: add(2, 3) returned 6");
        var verifications = (await team.EventsAsync(outcome.RunId))
            .Where(e => e.Kind == EventKind.ToolResult && TeamHarness.Payload(e).GetProperty("name").GetString() == "verify")
            .Select(e => TeamHarness.Payload(e).GetProperty("is_error").GetBoolean())
            .ToList();
        verifications.ShouldBe([true, false]);
    }

    [Fact]
    public async Task Run_MalformedToolCall_ModelReadsTheErrorAndCorrectsIt()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            FakeReply.RawToolCall("write_file", "{\"path\": \"calc.py\", \"content\": "),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        team.Server.ChatRequests[2].ToolResults.Single().Content.ShouldContain("are not valid JSON");
        var events = await team.EventsAsync(outcome.RunId);
        var broken = events.First(e => e.Kind == EventKind.ToolCall && TeamHarness.Payload(e).GetProperty("name").GetString() == "write_file");
        TeamHarness.Payload(broken).GetProperty("arguments_raw").GetString().ShouldBe("{\"path\": \"calc.py\", \"content\": ");
        TeamHarness.Payload(events.Single(e => e.ParentId == broken.Id)).GetProperty("is_error").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Run_RefusalWithEvidence_PlannerRevisesAndASecondRefusalEndsRefused()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Port calc.py to Rust with cargo", status = "pending" } } }),
            FakeReply.ToolCall("run_command", new { command = "cargo --version" }),
            FakeReply.ToolCall("refuse_plan", new { reason = "cargo is not installed", evidence = "I think so" }),
            FakeReply.ToolCall("refuse_plan", new { reason = "cargo is not installed", evidence = "cargo: not found" }),
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Build calc.py with cargo anyway", status = "pending" } } }),
            FakeReply.ToolCall("refuse_plan", new { reason = "the revised item still needs cargo", evidence = "cargo: not found" }),
        ]);

        var outcome = await team.RunAsync(goal: "Port calc.py to Rust.");

        outcome.Status.ShouldBe(RunStatus.Refused, outcome.Reason);
        outcome.Reason.ShouldContain("cargo: not found");
        team.Server.ChatRequests[3].ToolResults[^1].Content.ShouldContain("Refusal not accepted");
        team.Server.ChatRequests[4].LastMessageText.ShouldContain("Evidence:\ncargo: not found");
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.BrokenCalc);
        var events = await team.EventsAsync(outcome.RunId);
        events.Count(e => e.Kind == EventKind.PlanUpdate).ShouldBe(2);
        (await team.Store.ReadPlanAsync(outcome.RunId)).Single().Text.ShouldBe("Build calc.py with cargo anyway");
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("refused");
    }

    [Fact]
    public async Task Run_RefusalWithEvidence_PlannerRevisesThePlanAndTheEngineerCompletesIt()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Rewrite calc.py in Rust and build it with cargo", status = "pending" } } }),
            FakeReply.ToolCall("run_command", new { command = "cargo --version" }),
            FakeReply.ToolCall("refuse_plan", new { reason = "cargo is not installed in the sandbox", evidence = "cargo: not found" }),
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() in calc.py, staying in Python", status = "pending" } } }),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        File.ReadAllText(team.State.TodoFile).ShouldContain("staying in Python");
        var requests = team.Server.ChatRequests;
        requests[3].LastMessageText.ShouldContain("The engineer refused the plan.\nReason: cargo is not installed in the sandbox\nEvidence:\ncargo: not found");
        requests[4].LastMessageText.ShouldContain("The planner revised the TODO list after your refusal:\n- [ ] 1: Fix add() in calc.py, staying in Python");
        requests[4].SystemPrompt.ShouldContain("staying in Python");
        var events = await team.EventsAsync(outcome.RunId);
        var refusal = events.Single(e => e.Kind == EventKind.ToolCall && TeamHarness.Payload(e).GetProperty("name").GetString() == "refuse_plan");
        TeamHarness.Payload(refusal).GetProperty("arguments").GetProperty("evidence").GetString().ShouldBe("cargo: not found");
        TeamHarness.Payload(events.Single(e => e.ParentId == refusal.Id)).GetProperty("is_error").GetBoolean().ShouldBeFalse();
        events.Count(e => e.Kind == EventKind.PlanUpdate).ShouldBe(2);
        (await team.Store.ReadPlanAsync(outcome.RunId)).Single().Text.ShouldBe("Fix add() in calc.py, staying in Python");
    }

    [Fact]
    public async Task Run_ModelRepeatsTheSameFailingCall_IntervenesThenEndsStuck()
    {
        await using var team = await TeamHarness.StartAsync();
        var same = FakeReply.ToolCall("read_file", new { path = "missing.py" });
        team.Server.Enqueue([.. TeamHarness.Plan(), same, same, same, same, same, same, same]);

        var outcome = await team.RunAsync();

        outcome.Status.ShouldBe(RunStatus.Stuck, outcome.Reason);
        outcome.Reason.ShouldContain("stuck after an intervention");
        team.Server.ChatRequests.ShouldContain(r => r.LastMessageText.Contains("You are repeating yourself", StringComparison.Ordinal));
        var events = await team.EventsAsync(outcome.RunId);
        events.ShouldContain(e => e.Kind == EventKind.Error && e.Role == "orchestrator");
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("stuck");
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.BrokenCalc);
    }

    [Fact]
    public async Task Run_TokenBudgetTooSmallForTheNextCall_EndsBudgetExhaustedBeforeSpendingIt()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed(), TeamHarness.Finish(), TeamHarness.Accept()]);

        var outcome = await team.RunAsync(budget: new RunBudget(MaxTokens: 2_500));

        outcome.Status.ShouldBe(RunStatus.BudgetExhausted, outcome.Reason);
        outcome.Reason.ShouldContain("token budget exhausted");
        outcome.Usage.TokensIn.ShouldBeLessThan(2_500);
        var run = await team.Store.FindRunAsync(outcome.RunId);
        run!.Status.ShouldBe(RunStatus.BudgetExhausted);
        var events = await team.EventsAsync(outcome.RunId);
        TeamHarness.Payload(events[^1]).GetProperty("status").GetString().ShouldBe("budget_exhausted");
        TeamHarness.Payload(events[^1]).GetProperty("reason").GetString()!.ShouldContain("token budget exhausted");
        events.ShouldNotContain(e => e.Kind == EventKind.Verdict);
        team.Server.ChatRequests.Count.ShouldBeLessThan(4, "the call that would pass the budget was never sent");
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.BrokenCalc);
    }

    [Fact]
    public async Task Run_StepLimit_EndsBudgetExhausted()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([.. TeamHarness.Plan(), FakeReply.ToolCall("list_files", new { }), FakeReply.ToolCall("read_file", new { path = "calc.py" })]);

        var outcome = await team.RunAsync(budget: new RunBudget(MaxSteps: 3));

        outcome.Status.ShouldBe(RunStatus.BudgetExhausted, outcome.Reason);
        outcome.Reason.ShouldContain("step limit");
        outcome.Usage.Steps.ShouldBe(3);
        team.Server.ChatRequests.Count.ShouldBe(3);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.BrokenCalc);
        var events = await team.EventsAsync(outcome.RunId);
        events.Count(e => e.Kind == EventKind.ToolResult && e.Role == "engineer").ShouldBe(2, "both engineer steps completed and were recorded");
        TeamHarness.Payload(events[^1]).GetProperty("reason").GetString().ShouldBe("step limit reached: 3 of 3 steps used");
        (await team.Store.FindRunAsync(outcome.RunId))!.Usage.Steps.ShouldBe(3);
    }

    [Fact]
    public async Task Run_WallClockLimit_EndsBudgetExhaustedBeforeTheNextModelCall()
    {
        await using var team = await TeamHarness.StartAsync();
        var time = new Leviathan.Testing.FakeTimeProvider();
        var turn = 0;
        team.Server.Enqueue(TeamHarness.Plan());
        team.Server.RespondWith(_ =>
        {
            time.Advance(TimeSpan.FromMinutes(2));
            return FakeReply.ToolCall("run_command", new { command = $"echo step {++turn}" });
        });

        var outcome = await team.RunAsync(budget: new RunBudget(MaxWallTime: TimeSpan.FromMinutes(5)), time: time);

        outcome.Status.ShouldBe(RunStatus.BudgetExhausted, outcome.Reason);
        outcome.Reason.ShouldBe("wall-clock limit reached: 300 s");
        team.Server.ChatRequests.Count.ShouldBe(4, "the planner and three engineer turns (0, 2 and 4 minutes in)");
        outcome.Usage.WallTime.ShouldBe(TimeSpan.FromMinutes(6));
        TeamHarness.Payload((await team.EventsAsync(outcome.RunId))[^1]).GetProperty("status").GetString().ShouldBe("budget_exhausted");
    }

    [Fact]
    public async Task Run_PlannerRecheck_PlannerReadsProgressEveryKStepsAndItsRevisionReachesTheEngineer()
    {
        await using var team = await TeamHarness.StartAsync();
        team.Server.Enqueue([
            .. TeamHarness.Plan(),
            FakeReply.ToolCall("read_file", new { path = "calc.py" }),
            FakeReply.ToolCall("list_files", new { }),
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() in calc.py so that test_calc.py passes", status = "in_progress" }, new { id = "2", text = "Call finish", status = "pending" } } }),
            TeamHarness.WriteFixed(),
            TeamHarness.Finish(),
            TeamHarness.Accept(),
        ]);

        var outcome = await team.RunAsync(recheckEvery: 2);

        outcome.Status.ShouldBe(RunStatus.Succeeded, outcome.Reason);
        var requests = team.Server.ChatRequests;
        requests.Count.ShouldBe(7);
        requests[3].LastMessageText.ShouldStartWith("Progress check after 2 engineer steps.\nCurrent TODO list:\n- [ ] 1: Fix add()");
        requests[4].LastMessageText.ShouldContain("The planner revised the TODO list:\n- [~] 1: Fix add() in calc.py so that test_calc.py passes (in_progress)\n- [ ] 2: Call finish");
        requests[4].SystemPrompt.ShouldContain("2: Call finish");
        (await team.EventsAsync(outcome.RunId)).Count(e => e.Kind == EventKind.PlanUpdate && e.Role == "planner").ShouldBe(2);
    }

    [Fact]
    public async Task Run_Cancelled_EndsCancelledWithACompleteTrace()
    {
        await using var team = await TeamHarness.StartAsync();
        using var cts = new CancellationTokenSource();
        team.Server.Enqueue([.. TeamHarness.Plan(), TeamHarness.WriteFixed()]);
        team.Server.RespondWith(_ =>
        {
            cts.Cancel();
            return FakeReply.Hang();
        });

        var outcome = await team.RunAsync(cancellationToken: cts.Token);

        outcome.Status.ShouldBe(RunStatus.Cancelled);
        team.ReadWorkspace("calc.py").ShouldBe(TeamHarness.FixedCalc);
        (await team.Store.FindRunAsync(outcome.RunId))!.Status.ShouldBe(RunStatus.Cancelled);
        TeamHarness.Payload((await team.EventsAsync(outcome.RunId))[^1]).GetProperty("status").GetString().ShouldBe("cancelled");
    }
}
