using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// <c>leviathan run</c> end to end: the real command, bubblewrap, SQLite, and the model either scripted on the fake
/// OpenAI server (recording a cassette) or replayed from the cassette shipped in examples/agent-task.
/// </summary>
public sealed class RunCommandTests
{
    private static readonly string Example = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "agent-task");

    [Fact]
    public async Task Run_SystemFolderAsWorkspace_IsAUsageErrorBeforeAnythingRuns()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:9/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";

        var result = await cli.RunAsync("run", "delete everything", "--workspace", "/etc", "--verify", "true");

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("'/etc' is a system folder");
    }

    [Fact]
    public async Task Run_UnknownApproveRule_IsAUsageErrorNamingTheRulesBeforeAnythingRuns()
    {
        using var cli = new CliHarness();
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:9/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";

        var result = await cli.RunAsync("run", Goal(), "--workspace", CopyExample(cli.Scratch, "approve"), "--verify", Verify(), "--approve", "no-such-rule");

        result.ExitCode.ShouldBe(2, result.Stderr);
        result.Stderr.ShouldContain("--approve names the rule 'no-such-rule', which does not exist");
        result.Stderr.ShouldContain("hint: rules: ");
        result.Stderr.ShouldNotContain("leviathan run:");
    }

    [Fact]
    public async Task Run_AgainstAModelServer_FixesTheExampleAndRecordsACassetteThatReplays()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(ExampleScript());
        cli.UseModel(server);
        var workspace = CopyExample(cli.Scratch, "recorded");
        var cassette = Path.Combine(cli.Scratch, "cassette.jsonl");

        var result = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify(), "--record-cassette", cassette);

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b");
        result.Stdout.ShouldContain("succeeded");
        result.Stdout.ShouldContain("calc.py");
        result.Stdout.ShouldContain("passed (python3 -B test_calc.py)");
        result.Stdout.ShouldMatch($@"run id\W+{result.RunId()}");
        result.Stdout.ShouldMatch(@"usage\s+\d+ steps, \d+ tokens in, \d+ out");
        result.Stderr.ShouldMatch(@"\[\s*\d+\] engineer\s+edit_file\s+ok\s+Edited calc.py: replaced 1 occurrence at line \d+\.\s+· \d+ tok");
        File.ReadAllLines(cassette).Length.ShouldBe(server.ChatRequests.Count);
        if (Environment.GetEnvironmentVariable("LEVIATHAN_RECORD_EXAMPLE") == "1")
        {
            File.Copy(cassette, Path.Combine(Example, "cassette.jsonl"), overwrite: true);
        }

        var again = CopyExample(cli.Scratch, "replayed");
        var replay = await cli.RunAsync("run", Goal(), "--workspace", again, "--verify", Verify(), "--replay-cassette", cassette);
        replay.ExitCode.ShouldBe(0, replay.Stderr + replay.Stdout);
        File.ReadAllText(Path.Combine(again, "calc.py")).ShouldContain("return a + b");
    }

    [Fact]
    public async Task Run_ToolOutputDiffersOnReplay_CassetteStillReplays_AndAReplayThatTakesAnotherPathNamesTheDivergence()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        // Timestamps and temporary paths: what a tool prints differs on every run.
        const string varying = "date +%s%N; mktemp -d";
        var verify = Verify() + " && date +%s%N";
        server.Enqueue(
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() in calc.py", status = "pending" } } }),
            FakeReply.ToolCall("run_command", new { command = varying }),
            FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a - b\n", new_text = "    return a + b\n" }),
            FakeReply.ToolCall("finish", new { summary = "add() adds." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "Verification passed." } }));
        cli.UseModel(server);
        var cassette = Path.Combine(cli.Scratch, "varying.jsonl");
        var recorded = await cli.RunAsync("run", Goal(), "--workspace", CopyExample(cli.Scratch, "varying-recorded"), "--verify", verify, "--record-cassette", cassette);
        recorded.ExitCode.ShouldBe(0, recorded.Stderr + recorded.Stdout);
        var recordedOutput = server.ChatRequests[2].ToolResults.Single().Content;
        recordedOutput.ShouldContain("/tmp/tmp.");

        var again = CopyExample(cli.Scratch, "varying-replayed");
        var replay = await cli.RunAsync("run", Goal(), "--workspace", again, "--verify", verify, "--replay-cassette", cassette);

        replay.ExitCode.ShouldBe(0, replay.Stderr + replay.Stdout);
        File.ReadAllText(Path.Combine(again, "calc.py")).ShouldContain("return a + b");
        server.ChatRequests.Count.ShouldBe(5, "the replay contacted no server");
        var export = Path.Combine(cli.Scratch, "replayed.jsonl");
        (await cli.RunAsync("runs", "export", replay.RunId(), "--out", export)).ExitCode.ShouldBe(0);
        var recordedTemp = System.Text.RegularExpressions.Regex.Match(recordedOutput, @"/tmp/tmp\.\w+").Value;
        var replayedTemp = System.Text.RegularExpressions.Regex.Match(File.ReadAllText(export), @"/tmp/tmp\.\w+").Value;
        replayedTemp.ShouldNotBeEmpty();
        replayedTemp.ShouldNotBe(recordedTemp, "the tool printed another temporary path on replay");

        // Verification fails in this workspace, so the engineer is asked again where the recording asked the critic.
        var diverging = CopyExample(cli.Scratch, "varying-diverging");
        File.AppendAllText(Path.Combine(diverging, "test_calc.py"), "\nsys.exit(3)\n");
        var diverged = await cli.RunAsync("run", Goal(), "--workspace", diverging, "--verify", verify, "--replay-cassette", cassette);

        diverged.ExitCode.ShouldBe(1);
        var reason = System.Text.Json.JsonDocument.Parse((await cli.RunAsync("runs", "list", "--status", "error", "--json")).Stdout).RootElement[0].GetProperty("reason").GetString()!;
        reason.ShouldContain($"replay diverged from cassette {cassette} at exchange 4 (4 of 5 used): the tools offered are [");
        reason.ShouldContain("the recording's [read_file, list_files, search_files, verdict]");
    }

    [Fact]
    public async Task Run_ShippedExampleCassette_SolvesTheExampleWithoutAModelServer()
    {
        using var cli = new CliHarness();
        var workspace = CopyExample(cli.Scratch, "demo");

        var result = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify(), "--replay-cassette", Path.Combine(Example, "cassette.jsonl"));

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        result.Stderr.ShouldContain("replayed from cassette");
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b");
        var runs = await cli.RunAsync("runs", "list", "--status", "succeeded");
        runs.Stdout.ShouldContain("Make the tests in test_calc.py pass");
    }

    [Fact]
    public async Task RunAndReplay_WithJson_PrintOneSnakeCaseObjectOnStdout_WithTheOutcome()
    {
        using var cli = new CliHarness();
        var workspace = CopyExample(cli.Scratch, "json");

        var result = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify(), "--replay-cassette", Path.Combine(Example, "cassette.jsonl"), "--json");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        var outcome = System.Text.Json.Nodes.JsonNode.Parse(result.Stdout)!;
        ((string)outcome["status"]!).ShouldBe("succeeded");
        ((string)outcome["run_id"]!).ShouldBe(result.RunId());
        outcome["files_changed"]!.AsArray().Select(f => (string)f!).ShouldContain("calc.py");
        ((string)outcome["verification"]!).ShouldStartWith("passed");
        ((int)outcome["usage"]!["steps"]!).ShouldBeGreaterThan(0);
        result.Stderr.ShouldContain("leviathan run:");

        var replay = await cli.RunAsync("runs", "replay", result.RunId(), "--workspace", CopyExample(cli.Scratch, "json-replay"), "--json");

        replay.ExitCode.ShouldBe(0, replay.Stdout + replay.Stderr);
        var replayed = System.Text.Json.Nodes.JsonNode.Parse(replay.Stdout)!;
        ((bool)replayed["matches"]!).ShouldBeTrue();
        ((string)replayed["original_run_id"]!).ShouldBe(result.RunId());
        ((string)replayed["replay"]!["status"]!).ShouldBe("succeeded");
    }

    [Fact]
    public async Task RunsReplay_RecordedRun_ReexecutesWithRealToolsAndMatches_AndReportsADifferentWorkspace()
    {
        using var cli = new CliHarness();
        var workspace = CopyExample(cli.Scratch, "original");
        var first = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify(), "--replay-cassette", Path.Combine(Example, "cassette.jsonl"));
        first.ExitCode.ShouldBe(0, first.Stderr);
        var runId = System.Text.RegularExpressions.Regex.Match(first.Stderr, @"run:\s+([0-9a-f-]{36})").Groups[1].Value;

        var fresh = CopyExample(cli.Scratch, "replay");
        var replay = await cli.RunAsync("runs", "replay", runId, "--workspace", fresh);

        replay.ExitCode.ShouldBe(0, replay.Stdout + replay.Stderr);
        replay.Stdout.ShouldContain($"replay matches run {runId}: status succeeded");
        File.ReadAllText(Path.Combine(fresh, "calc.py")).ShouldContain("return a + b");
        var replayRun = System.Text.Json.JsonDocument.Parse((await cli.RunAsync("runs", "list", "--json")).Stdout).RootElement.EnumerateArray()
            .Single(r => r.TryGetProperty("parent_run_id", out var parent) && parent.GetString() == runId);
        replayRun.GetProperty("status").GetString().ShouldBe("succeeded");
        replayRun.GetProperty("workspace").GetString().ShouldBe(fresh);

        var alreadyFixed = CopyExample(cli.Scratch, "fixed");
        File.WriteAllText(Path.Combine(alreadyFixed, "calc.py"), "def add(a, b):\n    return b + a\n");
        var differs = await cli.RunAsync("runs", "replay", runId, "--workspace", alreadyFixed);

        differs.ExitCode.ShouldBe(1);
        differs.Stdout.ShouldContain("replay differs");
        differs.Stdout.ShouldContain("engineer:run_command");
    }

    [Fact]
    public async Task RunsResume_ProcessKilledMidRun_ContinuesFromTheLastCompletedStepToSuccess()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        var script = ExampleScript();
        server.Enqueue(script[..3]);
        var reachedStep4 = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.RespondWith(_ =>
        {
            reachedStep4.TrySetResult();
            return FakeReply.Hang();
        });
        var workspace = CopyExample(cli.Scratch, "killed");
        using (var child = StartChildRun(cli, server, workspace))
        {
            await reachedStep4.Task.WaitAsync(TimeSpan.FromMinutes(2));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        var running = await cli.RunAsync("runs", "list", "--status", "interrupted", "--json");
        var runId = System.Text.Json.JsonDocument.Parse(running.Stdout).RootElement[0].GetProperty("run_id").GetString()!;
        server.Enqueue(script[3..]);
        server.RespondWith(_ => FakeReply.Error(500, "no more replies scripted"));
        cli.UseModel(server);

        var resumed = await cli.RunAsync("runs", "resume", runId);

        resumed.ExitCode.ShouldBe(0, resumed.Stderr + resumed.Stdout);
        resumed.Stderr.ShouldContain("rolled back to checkpoint");
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b");
        server.ChatRequests.Count.ShouldBe(script.Length + 1);
        var old = await cli.RunAsync("runs", "show", runId, "--json");
        old.Stdout.ShouldContain("resumed as run");
        var succeeded = await cli.RunAsync("runs", "list", "--status", "succeeded", "--json");
        var resumedRun = System.Text.Json.JsonDocument.Parse(succeeded.Stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        resumedRun.GetProperty("parent_run_id").GetString().ShouldBe(runId);
        var export = Path.Combine(cli.Scratch, "resumed.jsonl");
        (await cli.RunAsync("runs", "export", resumedRun.GetProperty("run_id").GetString()!, "--out", export)).ExitCode.ShouldBe(0);
        var events = File.ReadAllLines(export).Skip(1).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        events.Count(e => e.GetProperty("kind").GetString() == "tool_result" && e.GetProperty("payload").GetProperty("name").GetString() == "edit_file").ShouldBe(1);
        events.Single(e => e.GetProperty("kind").GetString() == "verdict").GetProperty("payload").GetProperty("accept").GetBoolean().ShouldBeTrue();
        events[^1].GetProperty("payload").GetProperty("status").GetString().ShouldBe("succeeded");
    }

    [Fact]
    public async Task Run_CtrlC_EndsCancelledWithACompleteTraceAndTheWorkspaceAsTheLastStepLeftIt()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(ExampleScript()[..4]);
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.RespondWith(_ =>
        {
            waiting.TrySetResult();
            return FakeReply.Hang();
        });
        var workspace = CopyExample(cli.Scratch, "interrupted");
        using var child = StartChildRun(cli, server, workspace);
        var stdout = child.StandardOutput.ReadToEndAsync();
        var stderr = child.StandardError.ReadToEndAsync();
        await waiting.Task.WaitAsync(TimeSpan.FromMinutes(2));

        using (var interrupt = System.Diagnostics.Process.Start("kill", ["-INT", child.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await interrupt.WaitForExitAsync();
        }

        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        child.ExitCode.ShouldBe(1, await stderr);
        (await stdout).ShouldContain("cancelled");
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a + b", Case.Sensitive, "the edit made before Ctrl-C stays");
        Directory.Exists(Path.Combine(workspace, ".leviathan")).ShouldBeFalse("Leviathan keeps its state under the home, not in the workspace");
        Directory.EnumerateFiles(Path.Combine(cli.Home, "workspaces"), "*.lock", SearchOption.AllDirectories).ShouldBeEmpty();
        var list = await cli.RunAsync("runs", "list", "--status", "cancelled", "--json");
        var run = System.Text.Json.JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        run.GetProperty("reason").GetString().ShouldBe("cancelled by the user (Ctrl-C)");
        var export = Path.Combine(cli.Scratch, "interrupted.jsonl");
        (await cli.RunAsync("runs", "export", run.GetProperty("run_id").GetString()!, "--out", export)).ExitCode.ShouldBe(0);
        var events = File.ReadAllLines(export).Skip(1).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        events.ShouldContain(e => e.GetProperty("kind").GetString() == "tool_result" && e.GetProperty("payload").GetProperty("name").GetString() == "edit_file");
        var last = events[^1];
        last.GetProperty("kind").GetString().ShouldBe("status");
        last.GetProperty("payload").GetProperty("status").GetString().ShouldBe("cancelled");
    }

    [Fact]
    public async Task Run_VerificationNeverPasses_ExitsOneWithFailedVerification()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.Enqueue(FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add()", status = "pending" } } }));
        server.Enqueue(FakeReply.ToolCall("finish", new { summary = "done" }), FakeReply.ToolCall("finish", new { summary = "done" }), FakeReply.ToolCall("finish", new { summary = "done" }));
        cli.UseModel(server);
        var workspace = CopyExample(cli.Scratch, "never");

        var result = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify());

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("failed_verification");
        File.ReadAllText(Path.Combine(workspace, "calc.py")).ShouldContain("return a - b");
    }

    [Fact]
    public async Task Run_NoModelConfigured_SaysHowToConfigureOrReplay()
    {
        using var cli = new CliHarness();
        var workspace = CopyExample(cli.Scratch, "nomodel");

        var result = await cli.RunAsync("run", Goal(), "--workspace", workspace, "--verify", Verify());

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--replay-cassette");
    }

    /// <summary>The scripted model of the example: plan, look, reproduce, fix, re-check, finish, accept.</summary>
    internal static FakeReply[] ExampleScript() =>
    [
        FakeReply.ToolCall("todo_write", new
        {
            items = new[]
            {
                new { id = "1", text = "Reproduce the failure with the verification command", status = "pending" },
                new { id = "2", text = "Fix add() in calc.py to return a + b", status = "pending" },
                new { id = "3", text = "Run the tests again and finish", status = "pending" },
            },
        }).WithReasoning("The test file checks add(); calc.py is the only module."),
        FakeReply.ToolCall("run_command", new { command = "python3 -B test_calc.py" }).WithText("Reproducing first."),
        FakeReply.ToolCall("read_file", new { path = "calc.py" }),
        FakeReply.ToolCall("edit_file", new { path = "calc.py", old_text = "    return a - b\n", new_text = "    return a + b\n" }).WithReasoning("add subtracts; it must add."),
        FakeReply.ToolCall("run_command", new { command = "python3 -B test_calc.py" }),
        FakeReply.ToolCall("todo_write", new
        {
            items = new[]
            {
                new { id = "1", text = "Reproduce the failure with the verification command", status = "done" },
                new { id = "2", text = "Fix add() in calc.py to return a + b", status = "done" },
                new { id = "3", text = "Run the tests again and finish", status = "done" },
            },
        }),
        FakeReply.ToolCall("finish", new { summary = "add() subtracted its arguments; it now returns a + b and all 3 checks pass." }),
        FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The one-line fix is correct and minimal.", "Verification passed." } }),
    ];

    /// <summary>Starts <c>leviathan run</c> on the example as a real child process against the fake server.</summary>
    private static System.Diagnostics.Process StartChildRun(CliHarness cli, FakeOpenAiServer server, string workspace)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "leviathan.dll"), "run", Goal(), "--workspace", workspace, "--verify", Verify() })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LEVIATHAN_HOME"] = cli.Home;
        start.Environment["LEVIATHAN_MODEL_BASE_URL"] = server.BaseUrl.ToString();
        start.Environment["LEVIATHAN_MODEL_NAME"] = "fake-model";
        return System.Diagnostics.Process.Start(start)!;
    }


    internal static string Goal() => File.ReadAllText(Path.Combine(Example, "goal.txt")).Trim();

    internal static string Verify() => File.ReadAllText(Path.Combine(Example, "verify.txt")).Trim();

    internal static string CopyExample(string scratch, string name)
    {
        var target = Path.Combine(scratch, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Path.Combine(Example, "project")))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
