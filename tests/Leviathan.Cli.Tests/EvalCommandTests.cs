using System.Diagnostics;
using System.Text.Json;
using Leviathan.Evaluation.Suites;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Cli.Tests;

/// <summary>
/// <c>leviathan eval</c> end to end: the real command, the real run launcher, bubblewrap, SQLite, and a scripted model on
/// the fake OpenAI server.
/// </summary>
public sealed class EvalCommandTests : IDisposable
{
    private static readonly string[] Twelve =
    [
        "cache-concurrent-load", "contacts-dedupe-slow", "csv-import-bom", "csv-report-quoting", "invoice-rounding", "json-export-ascii-escapes",
        "log-latin1-fallback", "pagination-last-page", "settings-missing-key-error", "sku-validation-anchoring", "storage-path-traversal", "task-tags-shared-default",
    ];

    private readonly string _outRoot = Path.Combine(AppContext.BaseDirectory, "eval-out", Guid.NewGuid().ToString("N"));
    private readonly SoftwareSuite _suite = SuiteLoader.Load(PythonBugs);

    private static string PythonBugs => Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "suites", "python-bugs");

    [Fact]
    public async Task EvalRun_ScriptedModelFixesSevenOfTwelve_ReportsSevenOfTwelveAndTheIntervalAndExportsThePatches()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        var script = new EvalScript(_suite, Twelve.Take(7).ToHashSet());
        server.RespondWith(script.Respond);
        cli.UseModel(server);
        var outDir = Path.Combine(_outRoot, "seven");

        var result = await cli.RunAsync("eval", "run", PythonBugs, "--out", outDir, "--tasks", string.Join(",", Twelve), "--parallel", "4", "--json");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        var configuration = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("configurations")[0];
        configuration.GetProperty("succeeded").GetInt32().ShouldBe(7);
        configuration.GetProperty("counted").GetInt32().ShouldBe(12);
        configuration.GetProperty("wilson_lower").GetDouble().ShouldBe(0.3195, 1e-4);
        configuration.GetProperty("wilson_upper").GetDouble().ShouldBe(0.8067, 1e-4);
        result.Stderr.ShouldContain("[  12/12]");
        File.ReadAllText(Path.Combine(outDir, "report.md")).ShouldContain("| default | 7/12 | 58.3 % | 32.0 % – 80.7 % |");
        File.ReadAllText(Path.Combine(outDir, "report.html")).ShouldContain("data:image/png;base64,");
        var lines = File.ReadAllLines(Path.Combine(outDir, "results.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Count.ShouldBe(12);
        // The five unfixed tasks pass their visible tests, so their runs succeed; the hidden tests say otherwise.
        lines.Where(l => !l.GetProperty("judged").GetBoolean()).ShouldAllBe(l => l.GetProperty("failure_category").GetString() == "wrong_fix");
        lines.ShouldAllBe(l => l.GetProperty("tokens_in").GetInt64() > 0 && l.GetProperty("steps").GetInt32() > 0);

        var evaluationId = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("evaluation_id").GetString()!;
        var list = JsonDocument.Parse((await cli.RunAsync("eval", "list", "--json")).Stdout).RootElement;
        list[0].GetProperty("evaluation_id").GetString().ShouldBe(evaluationId);
        (list[0].GetProperty("status").GetString(), list[0].GetProperty("succeeded").GetInt32(), list[0].GetProperty("run_count").GetInt32()).ShouldBe(("finished", 7, 12));
        var show = JsonDocument.Parse((await cli.RunAsync("eval", "show", evaluationId[..8], "--json")).Stdout).RootElement;
        list[0].EnumerateObject().Select(p => p.Name).ShouldBe(["evaluation_id", "suite_id", "suite_path", "out_dir", "configurations", "repeats", "task_count", "status", "run_count", "succeeded", "cost_usd", "created_at", "ended_at"]);
        show.EnumerateObject().Select(p => p.Name).ShouldBe(["evaluation_id", "suite_id", "suite_path", "out_dir", "configurations", "repeats", "task_count", "status", "run_count", "succeeded", "cost_usd", "created_at", "ended_at", "runs"]);
        show.GetProperty("runs")[0].EnumerateObject().Select(p => p.Name).ShouldBe(["run_id", "item", "status", "steps", "cost_usd"]);
        show.GetProperty("runs").GetArrayLength().ShouldBe(12);
        show.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("run_id").GetString()).Order()
            .ShouldBe(lines.Select(l => l.GetProperty("run_id").GetString()).Order());

        var predictions = Path.Combine(_outRoot, "predictions.jsonl");
        var export = await cli.RunAsync("eval", "export-predictions", outDir, "--out", predictions);
        export.ExitCode.ShouldBe(0, export.Stderr);
        var exported = File.ReadAllLines(predictions).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        exported.Select(p => p.GetProperty("instance_id").GetString()).Order().ShouldBe(Twelve.Order());
        exported.Where(p => p.GetProperty("model_patch").GetString()!.Length > 0).Select(p => p.GetProperty("instance_id").GetString()).Order().ShouldBe(Twelve.Take(7).Order());
        exported.Single(p => p.GetProperty("instance_id").GetString() == "cache-concurrent-load").GetProperty("model_patch").GetString()!.ShouldContain("+++ b/memo/");
    }

    [Fact]
    public async Task EvalRun_ModelListsAndGrepsEverything_NeverSeesAHiddenTest()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        var outDir = Path.Combine(_outRoot, "snoop");
        var pack = Path.Combine(PythonBugs, "pagination-last-page");
        var script = new EvalScript(_suite, new HashSet<string>())
        {
            Snoop =
            [
                "ls -laR . ; grep -rn 'def test_' . ; grep -rln 'LastPageTests\\|BomTests' . || echo no-match-in-workspace",
                $"ls -la {pack}/hidden/tests ; cat {pack}/hidden/tests/test_last_page.py ; cat {pack}/reference/pager/paging.py",
                $"ls -laR {outDir} ; cat {outDir}/results.jsonl ; find {outDir} -name 'test_*.py'",
            ],
            SnoopWithFileTools = true,
        };
        server.RespondWith(script.Respond);
        cli.UseModel(server);

        // One at a time: when the second task runs, the first one's workspace already holds its hidden tests.
        var result = await cli.RunAsync("eval", "run", PythonBugs, "--out", outDir, "--tasks", "csv-import-bom,pagination-last-page", "--parallel", "1");

        result.ExitCode.ShouldBe(0, result.Stderr + result.Stdout);
        File.Exists(Path.Combine(outDir, "workspaces", "default", "csv-import-bom", "1", "tests", "test_bom.py")).ShouldBeTrue("the judge copied the hidden tests in after the run");
        var observations = server.ChatRequests.SelectMany(r => r.ToolResults).Select(t => t.Content).Distinct().ToList();
        observations.ShouldContain(o => o.Contains("test_pager.py", StringComparison.Ordinal), "the visible tests were listed");
        observations.ShouldContain(o => o.Contains("no-match-in-workspace", StringComparison.Ordinal));
        // The hidden tests' contents, and their file names anywhere but in the "No such file" answers to our own commands.
        foreach (var secret in new[] { "test_partial_last_page_is_counted", "class LastPageTests", "-(-total // per_page)", "class BomTests" })
        {
            observations.Where(o => o.Contains(secret, StringComparison.Ordinal)).ShouldBeEmpty($"an agent saw '{secret}'");
        }

        var lines = observations.SelectMany(o => o.Split('\n')).ToList();
        lines.Where(l => (l.Contains("test_last_page", StringComparison.Ordinal) || l.Contains("test_bom", StringComparison.Ordinal)) && !l.Contains("No such file", StringComparison.Ordinal))
            .ShouldBeEmpty("no listing shows a hidden test file");
    }

    [Fact]
    public async Task EvalRun_HarnessKilledThenResumed_LosesNoFinishedResultAndRepeatsNoFinishedRun()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        var tasks = new[] { "csv-import-bom", "invoice-rounding", "pagination-last-page", "sku-validation-anchoring" };
        var script = new EvalScript(_suite, tasks.Take(2).ToHashSet()) { Hang = new HashSet<string> { "sku-validation-anchoring" } };
        server.RespondWith(script.Respond);
        var outDir = Path.Combine(_outRoot, "killed");
        var arguments = new[] { "eval", "run", PythonBugs, "--out", outDir, "--tasks", string.Join(",", tasks), "--parallel", "2" };

        using (var child = StartChild(cli, server, arguments))
        {
            // The hanging task is the last; kill -9 once the three others have their results written.
            var stderr = new List<string>();
            while (await child.StandardError.ReadLineAsync() is { } line)
            {
                stderr.Add(line);
                if (line.Contains("[   3/4]", StringComparison.Ordinal))
                {
                    break;
                }
            }

            await script.HangReached.Task.WaitAsync(TimeSpan.FromMinutes(3));
            stderr.ShouldContain(l => l.Contains("[   3/4]", StringComparison.Ordinal), string.Join("\n", stderr));
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }

        var before = File.ReadAllLines(Path.Combine(outDir, "results.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        before.Select(l => l.GetProperty("task").GetString()).Order().ShouldBe(tasks.Take(3).Order());
        lock (script.Asked)
        {
            script.Asked.Clear();
        }

        script.Hang = new HashSet<string>();
        cli.UseModel(server);
        var resumed = await cli.RunAsync([.. arguments, "--resume", "--json"], CancellationToken.None);

        resumed.ExitCode.ShouldBe(0, resumed.Stderr + resumed.Stdout);
        resumed.Stderr.ShouldContain("1 run(s) started, 3 kept from before");
        string.Join(",", script.Asked.Distinct()).ShouldBe("sku-validation-anchoring", "no finished run is run again");
        var after = File.ReadAllLines(Path.Combine(outDir, "results.jsonl")).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        after.Count.ShouldBe(4);
        after.Take(3).Select(l => l.GetProperty("run_id").GetString()).ShouldBe(before.Select(l => l.GetProperty("run_id").GetString()));
        var configuration = JsonDocument.Parse(resumed.Stdout).RootElement.GetProperty("configurations")[0];
        (configuration.GetProperty("succeeded").GetInt32(), configuration.GetProperty("counted").GetInt32()).ShouldBe((2, 4));
        var evaluationId = JsonDocument.Parse(resumed.Stdout).RootElement.GetProperty("evaluation_id").GetString()!;
        var runs = JsonDocument.Parse((await cli.RunAsync("eval", "show", evaluationId, "--json")).Stdout).RootElement.GetProperty("runs").EnumerateArray().ToList();
        runs.GroupBy(r => r.GetProperty("item").GetString()).Where(g => g.Key != "default/sku-validation-anchoring/1").ShouldAllBe(g => g.Count() == 1);
        string.Join(",", runs.Where(r => r.GetProperty("item").GetString() == "default/sku-validation-anchoring/1").Select(r => r.GetProperty("status").GetString()).Order())
            .ShouldBe("interrupted,succeeded", "the killed run reads as interrupted; its restart ran to the end");
        (await cli.RunAsync("eval", "show", evaluationId)).Stdout.ShouldContain("3 finished attempt(s) kept, 1 run (again)");
    }

    [Fact]
    public async Task EvalRun_InItsOwnProcess_KeepsTheMethodsItCompiledForTheNextEvaluation()
    {
        using var cli = new CliHarness();
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RespondWith(new EvalScript(_suite, new HashSet<string> { "csv-import-bom" }).Respond);
        var profile = Path.Combine(cli.Home, "cache", "jit", "eval-run.jitprofile");

        // The second evaluation starts by playing the first one's profile, and records its own.
        foreach (var name in new[] { "first", "second" })
        {
            using var child = StartChild(cli, server, ["eval", "run", PythonBugs, "--out", Path.Combine(_outRoot, name), "--tasks", "csv-import-bom", "--json"]);
            var stdout = child.StandardOutput.ReadToEndAsync();
            var stderr = await child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();

            child.ExitCode.ShouldBe(0, stderr);
            JsonDocument.Parse(await stdout).RootElement.GetProperty("configurations")[0].GetProperty("succeeded").GetInt32().ShouldBe(1);
            new FileInfo(profile).Length.ShouldBeGreaterThan(0, $"the {name} evaluation's process wrote the methods it compiled when it ended");
        }
    }

    [Fact]
    public async Task EvalRun_NoModelConfiguredOrBadConfiguration_IsAUsageErrorBeforeAnyRun()
    {
        using var cli = new CliHarness();
        var outDir = Path.Combine(_outRoot, "unconfigured");

        var unconfigured = await cli.RunAsync("eval", "run", PythonBugs, "--out", outDir);

        unconfigured.ExitCode.ShouldBe(2, unconfigured.Stderr);
        Directory.Exists(outDir).ShouldBeFalse("nothing ran");
        cli.Variables["LEVIATHAN_MODEL_BASE_URL"] = "http://127.0.0.1:9/v1";
        cli.Variables["LEVIATHAN_MODEL_NAME"] = "fake-model";
        File.WriteAllText(Path.Combine(cli.Scratch, "bad.yaml"), "prompts: {engineer: engineer@99}\n");
        var bad = await cli.RunAsync("eval", "run", PythonBugs, "--out", outDir, "--config", "bad=" + Path.Combine(cli.Scratch, "bad.yaml"));

        bad.ExitCode.ShouldBe(2, bad.Stderr);
        bad.Stderr.ShouldContain("prompt 'engineer@99' for engineer is not available");
        Directory.Exists(outDir).ShouldBeFalse("nothing ran");
        var noJudge = await cli.RunAsync("eval", "run", PythonBugs, "--out", outDir, "--judges", "0");

        noJudge.ExitCode.ShouldBe(2, noJudge.Stderr);
        noJudge.Stderr.ShouldContain("--judges must be at least 1, found 0");
        Directory.Exists(outDir).ShouldBeFalse("nothing ran");
    }

    [Fact]
    public async Task EvalCompare_TwoResultFolders_PrintsThePairedCountsTheExactPValueAndTheTasksThatDiffer()
    {
        using var cli = new CliHarness();
        var (a, b) = WriteBaseAndTuned();

        var result = await cli.RunAsync("eval", "compare", a, b);

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("resolved: A 1/8 (12.5 %), B 7/8 (87.5 %)");
        result.Stdout.ShouldContain("both 1, only A 0, only B 6, neither 1; exact McNemar p = 0.0313 (significant at 5 %)");
        result.Stdout.ShouldContain("t-3: A 0/1, B 1/1");
        result.Stdout.ShouldNotContain("t-8:");
        var report = await cli.RunAsync("eval", "report", b);
        report.ExitCode.ShouldBe(0, report.Stderr);
        report.Stdout.ShouldContain("tuned: 7/8 resolved (87.5 %, Wilson 95 % 52.9 %–97.8 %)");
        File.Exists(Path.Combine(b, "report.html")).ShouldBeTrue();
    }

    [Fact]
    public async Task EvalCompareAndReport_Json_PrintTheFiguresUnderTheirDocumentedNames()
    {
        using var cli = new CliHarness();
        var (a, b) = WriteBaseAndTuned();

        var compare = await cli.RunAsync("eval", "compare", a, b, "--json");
        var report = await cli.RunAsync("eval", "report", b, "--json");

        compare.ExitCode.ShouldBe(0, compare.Stderr);
        var pair = JsonDocument.Parse(compare.Stdout).RootElement.EnumerateArray().ShouldHaveSingleItem();
        pair.EnumerateObject().Select(p => p.Name).ShouldBe(["configuration_a", "configuration_b", "pairs", "both", "only_a", "only_b", "neither", "rate_a", "rate_b", "p_value", "tasks"]);
        (pair.GetProperty("configuration_a").GetString(), pair.GetProperty("configuration_b").GetString()).ShouldBe(("base", "tuned"));
        (pair.GetProperty("pairs").GetInt32(), pair.GetProperty("both").GetInt32(), pair.GetProperty("only_a").GetInt32(), pair.GetProperty("only_b").GetInt32(), pair.GetProperty("neither").GetInt32()).ShouldBe((8, 1, 0, 6, 1));
        (pair.GetProperty("rate_a").GetDouble(), pair.GetProperty("rate_b").GetDouble()).ShouldBe((0.125, 0.875));
        pair.GetProperty("p_value").GetDouble().ShouldBe(0.03125, 1e-9);
        var task = pair.GetProperty("tasks").EnumerateArray().First();
        task.EnumerateObject().Select(p => p.Name).ShouldBe(["task", "succeeded_a", "succeeded_b", "paired"]);
        (task.GetProperty("task").GetString(), task.GetProperty("succeeded_a").GetInt32(), task.GetProperty("succeeded_b").GetInt32(), task.GetProperty("paired").GetInt32()).ShouldBe(("t-1", 0, 1, 1));
        compare.Stdout.ShouldStartWith("[\n  {\n    \"configuration_a\": \"base\",");

        report.ExitCode.ShouldBe(0, report.Stderr);
        var summary = JsonDocument.Parse(report.Stdout).RootElement;
        summary.EnumerateObject().Select(p => p.Name).ShouldBe(["out", "configurations"], "a results folder without a manifest has no evaluation id");
        summary.GetProperty("out").GetString().ShouldBe(b);
        var configuration = summary.GetProperty("configurations").EnumerateArray().ShouldHaveSingleItem();
        configuration.EnumerateObject().Select(p => p.Name).ShouldBe(["name", "succeeded", "counted", "rate", "wilson_lower", "wilson_upper", "infrastructure", "cancelled", "cost_usd", "pass_at_k"]);
        (configuration.GetProperty("name").GetString(), configuration.GetProperty("succeeded").GetInt32(), configuration.GetProperty("counted").GetInt32()).ShouldBe(("tuned", 7, 8));
        configuration.GetProperty("wilson_lower").GetDouble().ShouldBe(0.5291, 1e-4);
        configuration.GetProperty("cost_usd").GetDecimal().ShouldBe(0.08m);
        configuration.GetProperty("pass_at_k").ValueKind.ShouldBe(JsonValueKind.Object);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_outRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Two results folders of eight tasks: only B ("tuned") resolves t-1 … t-6; both resolve t-7; neither t-8.</summary>
    private (string A, string B) WriteBaseAndTuned()
    {
        var a = Path.Combine(_outRoot, "a");
        var b = Path.Combine(_outRoot, "b");
        for (var i = 1; i <= 8; i++)
        {
            Write(a, "base", $"t-{i}", i == 7);
            Write(b, "tuned", $"t-{i}", i <= 7);
        }

        return (a, b);
    }

    private static void Write(string folder, string configuration, string task, bool resolved)
    {
        using var results = Leviathan.Evaluation.Results.ResultsFile.OpenForAppend(folder);
        results.Append(new Leviathan.Evaluation.Results.AttemptResult
        {
            Task = task, Configuration = configuration, Repeat = 1, RunId = Guid.CreateVersion7(), Status = resolved ? "succeeded" : "stuck", Judged = resolved,
            FailureCategory = resolved ? "none" : "stuck", Steps = 5, CostUsd = 0.01m,
        });
    }

    private static Process StartChild(CliHarness cli, FakeOpenAiServer server, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "leviathan.dll") }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["LEVIATHAN_HOME"] = cli.Home;
        start.Environment["LEVIATHAN_MODEL_BASE_URL"] = server.BaseUrl.ToString();
        start.Environment["LEVIATHAN_MODEL_NAME"] = "fake-model";
        return Process.Start(start)!;
    }
}
