using System.Diagnostics;
using System.Text.Json;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// A run a user can follow and read, with honest results: the real <c>leviathan</c> command, bubblewrap, SQLite and the
/// fake OpenAI server, asserting what the user sees (header, live lines, summary, <c>runs show</c>, the patch, git).
/// </summary>
public sealed class RunFollowTests
{
    [Fact]
    public async Task Run_NeitherVerifyNorNoVerify_IsAUsageErrorNamingBoth()
    {
        using var cli = new CliHarness();
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "ws");

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace);

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--verify \"CMD\"");
        result.Stderr.ShouldContain("--no-verify");
        var both = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", "true", "--no-verify");
        both.ExitCode.ShouldBe(2);
        both.Stderr.ShouldContain("--verify and --no-verify cannot be used together");
    }

    [Fact]
    public async Task Run_NoVerify_SucceedsOnlyAsNotVerified_InTheSummaryAndOnTheStoredRun()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue(
            Plan(),
            FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a - b\n", new_text = "    return a + b\n" }),
            FakeReply.ToolCall("finish", new { summary = "add() adds." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The diff fixes add()." } }));
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "unverified");

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--no-verify", "-v");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stderr.ShouldContain("verify:    none (--no-verify)");
        result.Stderr.ShouldContain("debug: Leviathan.Models: Model call to profile default (fake-model)", Case.Sensitive, "-v shows the model layer's debug log");
        result.Stdout.ShouldContain("not verified: accepted by the critic: The diff fixes add().");
        result.Stdout.ShouldContain("not run (--no-verify)");
        result.Stdout.ShouldNotContain("verification passed");
        result.Stderr.ShouldMatch(@"verify\s+-\s+not verified: --no-verify");
        var stored = JsonDocument.Parse((await cli.RunAsync("runs", "list", "--json")).Stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        stored.GetProperty("status").GetString().ShouldBe("succeeded");
        stored.GetProperty("reason").GetString()!.ShouldStartWith("not verified: accepted by the critic");
    }

    [Fact]
    public async Task Run_Header_StatesEveryLimitAndWhereItComesFrom_AndHelpShowsTheDefaults()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.RespondWith(_ => FakeReply.Error(400, "this test needs no answer"));
        Directory.CreateDirectory(cli.Home);
        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), "models:\n  profiles:\n    default:\n      budget:\n        steps: 7\n        usd: 0\n");
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "limits");

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--no-verify", "--budget-tokens", "1000");

        result.Stderr.ShouldContain("limits:    7 steps (models.profiles.default.budget.steps), 30 min (default), 1,000 tokens (--budget-tokens), no cost limit (models.profiles.default.budget.usd)");
        var help = await cli.RunAsync("run", "--help");
        help.Stdout.ShouldContain("(default 50, or the profile's budget.steps)");
        help.Stdout.ShouldContain("(default 5.00, or the profile's budget.usd)");

        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), "models:\n  profiles:\n    default:\n      budget:\n        step: 7\n");
        var typo = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--no-verify");
        typo.ExitCode.ShouldBe(2);
        typo.Stderr.ShouldContain("models.profiles.default.budget.step");
        typo.Stderr.ShouldContain("did you mean 'models.profiles.default.budget.steps'?");
    }

    [Fact]
    public async Task Run_LiveLines_NameCommandsExitCodesEditsFailuresRetriesVerificationAndVerdict_AndRunsShowReadsTheRun()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue(
            FakeReply.Error(503, "the model server is overloaded"),
            Plan(),
            FakeReply.ToolCall("run_command", new { command = "python3 -B test_calc.py" }),
            FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a * b\n", new_text = "    return a + b\n" }),
            FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    \"\"\"Return the sum of a and b.\"\"\"\n    return a - b\n", new_text = "    \"\"\"Return the sum of a and b.\"\"\"\n    return a + b\n" })
                .WithReasoning("add subtracts;\nit must add."),
            FakeReply.ToolCall("finish", new { summary = "add() adds." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Minimal fix.", "Verification passed." } }));
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "follow");
        // The 503 is retried after the configured backoff, not the default 1 s.
        Directory.CreateDirectory(cli.Home);
        File.WriteAllText(Path.Combine(cli.Home, "config.yaml"), "models:\n  profiles:\n    default:\n      retry_delay_s: 0.01\n");

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify());

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stderr.ShouldNotContain("debug:", Case.Sensitive, "logs are quiet by default");
        result.Stderr.ShouldMatch(@"retry\s+model endpoint \(profile 'default'\) failed: .*overloaded.*; retry 1 in");
        result.Stderr.ShouldMatch(@"\[\s*\d+\] engineer\s+run_command\s+FAILED\s+\$ python3 -B test_calc.py → exit 1 — FAIL: add\(-1, 1\) returned -2, expected 0");
        result.Stderr.ShouldMatch(@"engineer\s+edit_file\s+FAILED\s+calc.py — .*not found in calc.py");
        result.Stderr.ShouldMatch(@"engineer\s+edit_file\s+ok\s+Edited calc.py: replaced 1 occurrence at line 2\.");
        result.Stderr.ShouldMatch(@"orchestrator\s+verify\s+ok\s+passed \(python3 -B test_calc.py\)");
        result.Stderr.ShouldMatch(@"critic\s+verdict\s+accept\s+Minimal fix.; Verification passed.");
        result.Stdout.ShouldContain("run.patch artifact");
        var runId = result.RunId();

        var show = await cli.RunAsync("runs", "show", runId);
        show.ExitCode.ShouldBe(0, show.Stderr);
        show.Stdout.ShouldContain("│ thinking: add subtracts;");
        show.Stdout.ShouldContain("│ old_text:\n");
        show.Stdout.ShouldContain("│       \"\"\"Return the sum of a and b.\"\"\"\n");
        show.Stdout.ShouldContain("│       return a - b\n");
        show.Stdout.ShouldNotContain("\\n", Case.Sensitive, "arguments are shown with real line breaks");
        show.Stdout.ShouldContain("│ FAIL: add(-1, 1) returned -2, expected 0");
        show.Stdout.ShouldContain("(system prompt, ");
        show.Stdout.ShouldContain($"diff      run.patch: leviathan runs show {runId} --diff");

        var eventNumber = System.Text.RegularExpressions.Regex.Match(show.Stdout, @"(?m)^\s*(\d+)\s+[\d.]+s\s+└ planner tool_call  todo_write\(items: ").Groups[1].Value;
        eventNumber.ShouldNotBeEmpty(show.Stdout);
        var one = await cli.RunAsync("runs", "show", runId, "--event", eventNumber);
        one.ExitCode.ShouldBe(0, one.Stderr);
        one.Stdout.ShouldContain($"event     {eventNumber} of ");
        one.Stdout.ShouldContain("│ items: [");
        one.Stdout.ShouldContain("│ call_id: ");
        one.Stdout.ShouldContain("└ planner tool_result  ok: ");
        (await cli.RunAsync("runs", "show", runId, "--event", "99999")).ExitCode.ShouldBe(2);

        var diff = await cli.RunAsync("runs", "show", runId, "--diff");
        diff.ExitCode.ShouldBe(0, diff.Stderr);
        diff.Stdout.ShouldContain("diff --git a/calc.py b/calc.py");
        diff.Stdout.ShouldContain("-    return a - b\n+    return a + b");
        var export = Path.Combine(cli.Scratch, "follow.jsonl");
        (await cli.RunAsync("runs", "export", runId, "--out", export)).ExitCode.ShouldBe(0);
        var artifact = File.ReadAllLines(export).Skip(1).Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("kind").GetString() == "artifact");
        artifact.GetProperty("payload").GetProperty("path").GetString().ShouldBe("run.patch");
        var blob = artifact.GetProperty("payload").GetProperty("sha256").GetString()!;
        File.ReadAllText(Path.Combine(cli.Home, "blobs", "sha256", blob[..2], blob[2..])).ShouldBe(diff.Stdout);
    }

    [Fact]
    public async Task Run_LongModelCall_RedirectedOutputSaysEvery30SecondsThatTheModelIsStillWorking()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.RespondWith(_ =>
        {
            asked.TrySetResult();
            return FakeReply.Hang();
        });
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "slow");
        using var cancel = new CancellationTokenSource();

        using var stderr = new WatchedWriter();
        var run = cli.RunAsync(["run", RunCommandTests.Goal(), "--workspace", workspace, "--no-verify"], stderr, cancel.Token);
        await asked.Task.WaitAsync(TimeSpan.FromMinutes(1));
        cli.Time.Advance(TimeSpan.FromSeconds(31));
        await stderr.WaitForAsync("still waiting for the model").WaitAsync(TimeSpan.FromMinutes(2));
        await cancel.CancelAsync();
        var result = await run;

        result.Stderr.ShouldMatch(@"\[\s*1\] planner\s+thinking\s+…\s+still waiting for the model: 31 s");
        result.Stdout.ShouldContain("cancelled");
    }

    [Fact]
    public async Task RunsShow_LongFailingOutput_ShowsTheAssertionAndTheTail_NotTheFirstCharacters()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var noisy = "for i in $(seq 1 200); do echo \"collecting item $i\"; done; echo 'AssertionError: expected 5, got -1'; echo 'tests: 1 failed, 199 passed'; exit 1";
        server.Enqueue(Plan(), FakeReply.ToolCall("run_command", new { command = noisy }));
        server.RespondWith(_ => FakeReply.Error(400, "no more replies scripted"));
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "noisy");
        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--no-verify");
        var runId = result.RunId();

        var show = await cli.RunAsync("runs", "show", runId);

        show.Stdout.ShouldContain("│ AssertionError: expected 5, got -1");
        show.Stdout.ShouldContain("│ tests: 1 failed, 199 passed");
        show.Stdout.ShouldNotContain("collecting item 1\n");
        show.Stdout.ShouldMatch(@"│ \(20\d lines in all: --event \d+ or --full\)");
        var full = await cli.RunAsync("runs", "show", runId, "--full");
        full.Stdout.ShouldContain("│ collecting item 1\n");
    }

    [Fact]
    public async Task Run_Commit_CommitsTheChangedFilesWithTheGoal_AndLeviathanLeavesNothingInGitStatus()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        server.Enqueue(RunCommandTests.ExampleScript());
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "repo");
        Git(workspace, "init", "-q");
        Git(workspace, "-c", "user.name=Test User", "-c", "user.email=test@example.com", "add", "-A");
        Git(workspace, "-c", "user.name=Test User", "-c", "user.email=test@example.com", "commit", "-q", "-m", "initial");
        Git(workspace, "config", "user.name", "Repo Owner");
        Git(workspace, "config", "user.email", "owner@example.com");
        // A hook that would leave a trace if anything ran it.
        File.WriteAllText(Path.Combine(workspace, ".git", "hooks", "pre-commit"), $"#!/bin/sh\ntouch '{cli.Scratch}/hook-ran'\n");
        File.SetUnixFileMode(Path.Combine(workspace, ".git", "hooks", "pre-commit"), (UnixFileMode)0b111_101_101);

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify(), "--commit");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stdout.ShouldMatch(@"commit\s+[0-9a-f]{7,} Make the tests in test_calc.py pass");
        Git(workspace, "status", "--porcelain").ShouldBeEmpty("the commit holds the change and Leviathan wrote nothing of its own into the workspace");
        var subject = Git(workspace, "log", "-1", "--format=%an <%ae>|%s");
        subject.ShouldStartWith("Repo Owner <owner@example.com>|Make the tests in test_calc.py pass: add() in calc.py must return");
        subject.Length.ShouldBeLessThanOrEqualTo("Repo Owner <owner@example.com>|".Length + 72);
        Git(workspace, "log", "-1", "--format=%B").ShouldContain(RunCommandTests.Goal());
        Git(workspace, "show", "--stat", "--format=", "HEAD").ShouldContain("calc.py");
        File.Exists(Path.Combine(cli.Scratch, "hook-ran")).ShouldBeFalse("no hook runs");
    }

    [Fact]
    public async Task Run_WithoutCommit_GitStatusShowsOnlyTheAgentsChange()
    {
        using var cli = new CliHarness();
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "plain-repo");
        Git(workspace, "init", "-q");
        Git(workspace, "-c", "user.name=T", "-c", "user.email=t@example.com", "add", "-A");
        Git(workspace, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-q", "-m", "initial");

        var result = await cli.RunAsync(
            "run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify(),
            "--replay-cassette", Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "agent-task", "cassette.jsonl"));

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        Git(workspace, "status", "--porcelain", "--untracked-files=all", "--ignored").ShouldBe("M calc.py");
    }

    [Fact]
    public async Task Run_CommitOutsideAGitRepository_IsAUsageErrorBeforeTheRun()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "not-a-repo");

        var result = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--no-verify", "--commit");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("is not in a git repository");
        server.ChatRequests.Count.ShouldBe(0);
    }

    [Fact]
    public async Task RunsResume_BudgetExhaustedRun_ContinuesWithNewLimitsToSuccess()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var script = RunCommandTests.ExampleScript();
        server.Enqueue(script[..3]);
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "budget");
        var first = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify(), "--max-steps", "3");
        first.ExitCode.ShouldBe(1);
        first.Stdout.ShouldContain("budget_exhausted");
        var runId = first.RunId();
        server.Enqueue(script[3..]);

        var resumed = await cli.RunAsync("runs", "resume", runId[..13], "--max-steps", "20", "--budget-usd", "1");

        resumed.ExitCode.ShouldBe(0, resumed.Stderr + resumed.Stdout);
        resumed.Stderr.ShouldContain($"limits:    20 steps (--max-steps), 30 min (run {runId[..8]}'s own), 2,000,000 tokens (run {runId[..8]}'s own)");
        resumed.Stderr.ShouldContain("$1.00 (--budget-usd)");
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b");
        server.ChatRequests.Count.ShouldBe(script.Length, "the three recorded steps were redone without the model");
        var runs = JsonDocument.Parse((await cli.RunAsync("runs", "list", "--json")).Stdout).RootElement.EnumerateArray().ToList();
        var child = runs.Single(r => r.TryGetProperty("parent_run_id", out var parent) && parent.GetString() == runId);
        child.GetProperty("status").GetString().ShouldBe("succeeded");
        child.GetProperty("budget").GetProperty("max_steps").GetInt32().ShouldBe(20);
        runs.Single(r => r.GetProperty("run_id").GetString() == runId).GetProperty("status").GetString().ShouldBe("budget_exhausted");

        var done = await cli.RunAsync("runs", "resume", child.GetProperty("run_id").GetString()!);
        done.ExitCode.ShouldBe(2);
        done.Stderr.ShouldContain("ended as succeeded; only unfinished, cancelled, errored, budget_exhausted or stuck runs can be resumed");
    }

    [Fact]
    public async Task RunsResume_StuckRun_RedoesTheStepsUpToTheInterventionAndTheLiveModelTakesAnotherWay()
    {
        using var cli = new CliHarness();
        await using var server = await cli.StartModelServerAsync();
        var fixing = false;
        var engineerLive = new Queue<FakeReply>([
            FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a - b\n", new_text = "    return a + b\n" }),
            FakeReply.ToolCall("finish", new { summary = "add() adds." }),
        ]);
        server.RespondWith(request =>
            request.ToolNames.Contains("verdict") ? FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Fixed." } })
            : !request.ToolNames.Contains("finish") ? Plan()
            : fixing && request.LastMessageText.Contains("You are repeating yourself", StringComparison.Ordinal) || fixing && engineerLive.Count < 2 ? engineerLive.Dequeue()
            : FakeReply.ToolCall("run_command", new { command = "echo trying; exit 3" }));
        var workspace = RunCommandTests.CopyExample(cli.Scratch, "stuck");
        var first = await cli.RunAsync("run", RunCommandTests.Goal(), "--workspace", workspace, "--verify", RunCommandTests.Verify());
        first.Stdout.ShouldContain("stuck");
        var runId = first.RunId();
        var asked = server.ChatRequests.Count;
        fixing = true;

        var resumed = await cli.RunAsync("runs", "resume", runId);

        resumed.ExitCode.ShouldBe(0, resumed.Stderr + resumed.Stdout);
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b");
        server.ChatRequests.Skip(asked).First().LastMessageText.ShouldContain("You are repeating yourself", Case.Sensitive, "the first live answer is to the intervention");
        resumed.Stderr.ShouldMatch(@"note\s+stuck pattern, intervening");
    }

    private static FakeReply Plan() =>
        FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() in calc.py", status = "pending" } } });


    private static string Git(string workTree, params string[] args)
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workTree };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}: {error}");
        return output.Trim();
    }
}
