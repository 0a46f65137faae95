using System.Text.Json;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Reports;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;
using Leviathan.Persistence;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Tracing;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Evaluation.Tests;

/// <summary>
/// The harness over its launcher seam, with the python-bugs pack and the real bubblewrap judge: the numbers it reports
/// are the ones the attempts earned, infrastructure faults are set apart, and cancel and resume lose and repeat nothing.
/// </summary>
public sealed class EvaluationRunnerTests : IDisposable
{
    private static readonly string[] Twelve =
    [
        "cache-concurrent-load", "contacts-dedupe-slow", "csv-import-bom", "csv-report-quoting", "invoice-rounding", "json-export-ascii-escapes",
        "log-latin1-fallback", "pagination-last-page", "settings-missing-key-error", "sku-validation-anchoring", "storage-path-traversal", "task-tags-shared-default",
    ];

    private static readonly string[] Seven = [.. Twelve.Take(7)];

    private readonly string _root = TestPaths.NewWorkspaceRoot();
    private readonly SoftwareSuite _suite = SuiteLoader.Load(TestPaths.PythonBugs);

    [Fact]
    public async Task Run_LauncherFixesSevenOfTwelve_ReportsSevenOfTwelveWithTheWilsonInterval()
    {
        var launcher = new ReferenceFixLauncher(_suite, Seven.ToHashSet());
        var outDir = Path.Combine(_root, "out");

        var outcome = await Runner(launcher).RunAsync(Plan(outDir, parallel: 4), CancellationToken.None);

        outcome.Results.Count.ShouldBe(12);
        outcome.Results.Where(r => r.Succeeded).Select(r => r.Task).Order().ShouldBe(Seven.Order());
        outcome.Results.Where(r => !r.Succeeded).ShouldAllBe(r => r.FailureCategory == "failed_verification" && r.Judged == false);
        var summary = ReportWriter.Write(outDir);
        var configuration = summary.Configurations.ShouldHaveSingleItem();
        (configuration.Succeeded, configuration.Counted).ShouldBe((7, 12));
        configuration.Interval.Lower.ShouldBe(0.3195, 1e-4);
        configuration.Interval.Upper.ShouldBe(0.8067, 1e-4);
        File.ReadAllText(Path.Combine(outDir, ReportWriter.MarkdownName)).ShouldContain("| default | 7/12 | 58.3 % | 32.0 % – 80.7 % |");
        var lines = File.ReadAllLines(Path.Combine(outDir, ResultsFile.ResultsName));
        lines.Length.ShouldBe(12);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        foreach (var field in new[] { "task", "configuration", "repeat", "run_id", "status", "judged", "agent_verified", "tokens_in", "tokens_out", "cost_usd", "steps", "wall_seconds", "failure_category" })
        {
            first.TryGetProperty(field, out _).ShouldBeTrue($"results.jsonl has '{field}'");
        }
    }

    [Fact]
    public async Task Run_AgentsSandbox_HidesThePackAndTheHiddenTestsComeInOnlyAfterTheRun()
    {
        var launcher = new ReferenceFixLauncher(_suite, new HashSet<string>());
        var outDir = Path.Combine(_root, "hidden");

        await Runner(launcher).RunAsync(Plan(outDir, tasks: "pagination-last-page"), CancellationToken.None);

        var request = launcher.Requests.ShouldHaveSingleItem();
        request.HiddenPaths.ShouldContain(_suite.Directory);
        request.HiddenPaths.ShouldContain(outDir, "other attempts' judged workspaces lie there");
        var judged = Path.Combine(outDir, EvaluationRunner.WorkspacesName, "default", "pagination-last-page", "1", "tests", "test_last_page.py");
        File.Exists(judged).ShouldBeTrue("the judge copied the hidden test in after the run");
    }

    [Fact]
    public async Task Run_InfrastructureFault_IsReportedApartAndNotCountedAsTheAgentsFailure()
    {
        var launcher = new ReferenceFixLauncher(_suite, new HashSet<string> { "csv-import-bom" }) { Infrastructure = new HashSet<string> { "invoice-rounding" } };
        var outDir = Path.Combine(_root, "infra");

        var outcome = await Runner(launcher).RunAsync(Plan(outDir, tasks: "csv-import-bom,invoice-rounding,sku-validation-anchoring"), CancellationToken.None);

        var fault = outcome.Results.Single(r => r.Task == "invoice-rounding");
        (fault.FailureCategory, fault.Judged, fault.Status).ShouldBe((FailureCategory.Infrastructure, (bool?)null, "error"));
        fault.Reason!.ShouldContain("did not answer after 3 retries");
        var summary = ReportWriter.Write(outDir);
        var configuration = summary.Configurations.Single();
        (configuration.Succeeded, configuration.Counted, configuration.Infrastructure).ShouldBe((1, 2, 1));
        File.ReadAllText(Path.Combine(outDir, ReportWriter.MarkdownName)).ShouldContain("| invoice-rounding | default | 1 |");
    }

    [Fact]
    public async Task Run_CancelledThenResumed_KeepsFinishedAttemptsAndRunsOnlyTheRest()
    {
        var hanging = new ReferenceFixLauncher(_suite, Seven.ToHashSet()) { Hang = new HashSet<string> { "storage-path-traversal", "task-tags-shared-default" } };
        var outDir = Path.Combine(_root, "resume");
        using var cancel = new CancellationTokenSource();
        var tenFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = 0;
        var runner = Runner(hanging, progress: p =>
        {
            if (p.Finished is not null && Interlocked.Increment(ref finished) == 10)
            {
                tenFinished.TrySetResult();
            }
        });

        var running = runner.RunAsync(Plan(outDir, parallel: 3), cancel.Token);
        // Ctrl-C once both hanging runs are running and every other attempt has ended.
        await hanging.HangStarted.WaitAsync(TimeSpan.FromMinutes(2));
        await hanging.HangStarted.WaitAsync(TimeSpan.FromMinutes(2));
        await tenFinished.Task.WaitAsync(TimeSpan.FromMinutes(2));
        await cancel.CancelAsync();
        var first = await running;

        first.Cancelled.ShouldBeTrue();
        first.Results.Count(r => r.FailureCategory == FailureCategory.Cancelled).ShouldBe(2);
        first.Results.Count(r => FailureCategory.IsFinished(r.FailureCategory)).ShouldBe(10);
        File.Exists(Path.Combine(outDir, ResultsFile.ResultsName)).ShouldBeTrue();

        var again = new ReferenceFixLauncher(_suite, Seven.ToHashSet());
        var second = await Runner(again).RunAsync(Plan(outDir, parallel: 3) with { Resume = true }, CancellationToken.None);

        again.Requests.Select(r => r.Key.TaskId).Order().ShouldBe(["storage-path-traversal", "task-tags-shared-default"]);
        (second.Kept, second.Started, second.Cancelled).ShouldBe((10, 2, false));
        second.Results.Count.ShouldBe(12);
        second.Results.Count(r => r.Succeeded).ShouldBe(7);
        second.EvaluationId.ShouldBe(first.EvaluationId);
        var resume = ResultsFile.ReadManifest(outDir)!.Resumes.ShouldHaveSingleItem("the manifest records the resumption");
        (resume.Kept, resume.Rerun).ShouldBe((10, 2));
        ReportWriter.Write(outDir);
        File.ReadAllText(Path.Combine(outDir, "report.md")).ShouldContain("10 finished attempt(s) kept, 2 run (again)");
    }

    [Fact]
    public async Task Run_TwoConfigurationsAndRepeats_TagsEveryRunInTheStore_AndReportsPassAtKAndDifferingTasks()
    {
        var home = Path.Combine(_root, "home");
        await using var store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = home }, TimeProvider.System);
        var evaluations = new EvaluationStore(store, TimeProvider.System);
        var launcher = new TagCheckingLauncher(store, _suite, "pagination-last-page");
        var outDir = Path.Combine(_root, "two");
        var configurations = new[] { EvaluationConfiguration.Default, new EvaluationConfiguration { Name = "strong", Profile = "big" } };

        var outcome = await new EvaluationRunner(new EvaluationDependencies { Launcher = launcher, JudgeRunner = JudgeRunner, Store = evaluations })
            .RunAsync(Plan(outDir, tasks: "pagination-last-page,csv-import-bom") with { Configurations = configurations, Repeats = 2 }, CancellationToken.None);

        var record = (await evaluations.FindAsync(outcome.EvaluationId.ToString()[..8])).ShouldNotBeNull();
        (record.Status, record.RunCount, record.Succeeded, record.TaskCount, record.Repeats).ShouldBe(("finished", 8, 2, 2, 2));
        var runs = await evaluations.RunsAsync(outcome.EvaluationId);
        runs.Select(r => r.Item).Order().ShouldBe(outcome.Results.Select(r => r.Key.Item).Order());
        var summary = ReportWriter.Write(outDir);
        summary.Configurations.Single(c => c.Name == "strong").PassAtK[2].ShouldBe(0.5);
        summary.Differences.Select(d => d.TaskId).ShouldBe(["csv-import-bom", "pagination-last-page"]);
        var html = File.ReadAllText(Path.Combine(outDir, ReportWriter.HtmlName));
        html.ShouldContain("data:image/png;base64,");
        html.ShouldNotContain("http://");
        html.ShouldNotContain("https://");
        html.ShouldContain("pass@2");
        File.ReadAllBytes(Path.Combine(outDir, "plots", "success-rate.png"))[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
    }

    [Fact]
    public async Task Run_RunHasEnded_ItsSlotGoesToTheNextRunWhileItIsJudged_AndRunsAtOnceStayWithinParallel()
    {
        var launcher = new SlotWatchingLauncher();
        var outDir = Path.Combine(_root, "slots");
        // The first attempt's judge waits until the second run has started: with one slot, only a slot given back at the
        // end of the run (not of the judgement) lets that happen.
        var runner = new EvaluationRunner(new EvaluationDependencies
        {
            Launcher = launcher,
            JudgeRunner = (workspace, hidden) => new WaitingRunner(launcher.SecondStarted.Task, JudgeRunner(workspace, hidden)),
        });

        var outcome = await runner.RunAsync(Plan(outDir, parallel: 1, tasks: "csv-import-bom,invoice-rounding,sku-validation-anchoring"), CancellationToken.None);

        outcome.Results.Count.ShouldBe(3);
        outcome.Results.ShouldAllBe(r => r.Judged == false && r.FailureCategory == FailureCategory.WrongFix, "each run left the starting files, which the hidden tests fail");
        launcher.MostAtOnce.ShouldBe(1, "--parallel 1 runs one run at a time, judgements aside");
    }

    [Fact]
    public async Task Run_JudgesOne_JudgesOneAttemptAtATimeWhileTheOtherRunsGoOn()
    {
        var launcher = new SlotWatchingLauncher();
        var allLaunched = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var judging = 0;
        var mostJudging = 0;
        var reports = new List<EvaluationProgress>();
        var runner = new EvaluationRunner(new EvaluationDependencies
        {
            Launcher = new CountingLauncher(launcher, 4, allLaunched),
            Progress = p =>
            {
                lock (reports)
                {
                    reports.Add(p);
                }
            },
            // Each judgement holds its first command until every run has been launched: unbounded, the first three
            // attempts' judgements would all be inside at once.
            JudgeRunner = (workspace, hidden) => new CountingRunner(
                () => InterlockedMax(ref mostJudging, Interlocked.Increment(ref judging)),
                () => Interlocked.Decrement(ref judging),
                new WaitingRunner(allLaunched.Task, JudgeRunner(workspace, hidden))),
        });
        var plan = Plan(Path.Combine(_root, "judges"), parallel: 4, tasks: "csv-import-bom,invoice-rounding,sku-validation-anchoring,pagination-last-page") with { Judges = 1 };

        var outcome = await runner.RunAsync(plan, CancellationToken.None);

        outcome.Results.Count.ShouldBe(4);
        outcome.Results.ShouldAllBe(r => r.FailureCategory == FailureCategory.WrongFix, "every attempt was judged: the starting files fail the hidden tests");
        Volatile.Read(ref mostJudging).ShouldBe(1, "--judges 1 judges one attempt at a time");
        allLaunched.Task.IsCompletedSuccessfully.ShouldBeTrue("the runs went on while the judgements queued");
        reports.Max(r => r.Judging).ShouldBeGreaterThanOrEqualTo(3, "the progress counts the ended runs waiting for their judge");
        var last = reports.MaxBy(r => r.Done)!;
        (last.Done, last.Running, last.Judging).ShouldBe((4, 0, 0));
    }

    [Fact]
    public void JudgesAtOnce_NotGiven_IsTheLesserOfParallelAndTheCores()
    {
        Plan(_root, parallel: 1).JudgesAtOnce.ShouldBe(1);
        Plan(_root, parallel: 100).JudgesAtOnce.ShouldBe(Math.Min(100, Environment.ProcessorCount));
        (Plan(_root, parallel: 100) with { Judges = 7 }).JudgesAtOnce.ShouldBe(7);
    }

    [Fact]
    public async Task Run_OutputFolderHoldsAnEvaluation_RefusesWithoutResume()
    {
        var outDir = Path.Combine(_root, "twice");
        var launcher = new ReferenceFixLauncher(_suite, new HashSet<string>());
        await Runner(launcher).RunAsync(Plan(outDir, tasks: "csv-import-bom"), CancellationToken.None);

        var error = await Should.ThrowAsync<InvalidOperationException>(() => Runner(launcher).RunAsync(Plan(outDir, tasks: "csv-import-bom"), CancellationToken.None));

        error.Message.ShouldContain("already holds an evaluation; pass --resume");
    }

    public void Dispose() => TestPaths.DeleteQuietly(_root);

    private static SandboxCommandRunner JudgeRunner(string workspace, IReadOnlyList<string> hidden) =>
        new(SandboxFactory.Create(new SandboxOptions { HiddenPaths = hidden }), workspace);

    private EvaluationRunner Runner(IAttemptLauncher launcher, Action<EvaluationProgress>? progress = null) =>
        new(new EvaluationDependencies { Launcher = launcher, JudgeRunner = JudgeRunner, Progress = progress });

    private EvaluationPlan Plan(string outDir, int parallel = 2, string? tasks = null) => new()
    {
        Suite = _suite,
        Configurations = [EvaluationConfiguration.Default],
        OutDir = outDir,
        Parallel = parallel,
        TaskGlob = tasks ?? string.Join(",", Twelve),
    };

    /// <summary>Counts the runs inside it at once; each run ends at once, "succeeded" without changing a file.</summary>
    private sealed class SlotWatchingLauncher : IAttemptLauncher
    {
        private int _inside;
        private int _launches;
        private int _mostAtOnce;

        public TaskCompletionSource SecondStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public async Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
        {
            InterlockedMax(ref _mostAtOnce, Interlocked.Increment(ref _inside));

            if (Interlocked.Increment(ref _launches) == 2)
            {
                SecondStarted.TrySetResult();
            }

            await Task.Yield();
            Interlocked.Decrement(ref _inside);
            return new AttemptOutcome(Guid.NewGuid(), Core.Runs.RunStatus.Succeeded, "scripted", Core.Runs.RunUsage.None, AgentVerified: true);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>Completes <paramref name="allLaunched"/> once <paramref name="expected"/> runs have been launched.</summary>
    private sealed class CountingLauncher(IAttemptLauncher inner, int expected, TaskCompletionSource allLaunched) : IAttemptLauncher
    {
        private int _launched;

        public Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _launched) == expected)
            {
                allLaunched.TrySetResult();
            }

            return inner.LaunchAsync(request, cancellationToken);
        }
    }

    /// <summary>Calls <paramref name="entered"/> and <paramref name="left"/> around each command.</summary>
    private sealed class CountingRunner(Action entered, Action left, ICommandRunner inner) : ICommandRunner
    {
        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            entered();
            try
            {
                return await inner.RunAsync(request, cancellationToken);
            }
            finally
            {
                left();
            }
        }
    }

    /// <summary>Runs each command once <paramref name="gate"/> has completed (failing the test if it never does).</summary>
    private sealed class WaitingRunner(Task gate, ICommandRunner inner) : ICommandRunner
    {
        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            await gate.WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
            return await inner.RunAsync(request, cancellationToken);
        }
    }

    /// <summary>Creates each run in the real store (as the launcher does) and solves one task under 'strong' only, on one of two repeats.</summary>
    private sealed class TagCheckingLauncher(TraceStore store, SoftwareSuite suite, string solvedByStrong) : IAttemptLauncher
    {
        public async Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
        {
            var run = await store.CreateRunAsync(new Core.Runs.RunSpec(request.Goal, "software", request.Configuration.Profile, request.Workspace, request.Budget), cancellationToken);
            request.OnRunCreated?.Invoke(run.Id);
            var solve = request.Configuration.Name == "strong" && request.Key.TaskId == solvedByStrong && request.Key.Repeat == 1
                || request.Key.TaskId == "csv-import-bom" && request.Key.Repeat == 2 && request.Configuration.Name == "default";
            if (solve)
            {
                await TaskWorkspace.ApplyReferenceAsync(suite.Find(request.Key.TaskId)!, request.Workspace, cancellationToken);
            }

            var usage = new Core.Runs.RunUsage(10, 5, 0.001m, 3, TimeSpan.FromSeconds(1));
            await store.CompleteRunAsync(run.Id, solve ? Core.Runs.RunStatus.Succeeded : Core.Runs.RunStatus.Stuck, "scripted", usage, cancellationToken);
            return new AttemptOutcome(run.Id, solve ? Core.Runs.RunStatus.Succeeded : Core.Runs.RunStatus.Stuck, "scripted", usage, solve);
        }
    }
}
