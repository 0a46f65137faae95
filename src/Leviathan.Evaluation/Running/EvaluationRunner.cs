using Leviathan.Core.Runs;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Teams;
using Leviathan.Engineering.Tools;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Suites;
using Leviathan.Persistence.Evaluations;

namespace Leviathan.Evaluation.Running;

/// <summary>
/// Runs an evaluation: every task × configuration × repeat as one run (through the launcher seam), <see cref="EvaluationPlan.Parallel"/>
/// at once, each in its own fresh copy of the task's starting files, with the pack hidden from its sandbox. When a run has
/// ended, its slot goes to the next attempt's run, and the hidden tests are copied in and judged (<see cref="EvaluationPlan.JudgesAtOnce"/>
/// judgements at once; a physics benchmark: the final solution is judged by <c>bench evaluate</c>'s
/// starts; <c>solver: baseline</c> searches with the baseline solver instead of running the team); the result is appended to results.jsonl at once. Cancellation ends
/// the running runs <c>cancelled</c> and keeps every result so far; <c>--resume</c> keeps finished attempts and runs the rest.
/// </summary>
public sealed class EvaluationRunner(EvaluationDependencies dependencies)
{
    /// <summary>The folder under the output folder that holds each attempt's workspace.</summary>
    public const string WorkspacesName = "workspaces";

    private readonly Lock _gate = new();
    private int _running;
    private int _startedThisSession;
    private int _done;
    private int _doneThisSession;
    private int _succeeded;
    private int _infrastructure;
    private decimal _cost;
    private int _total;
    private long _sessionStart;

    /// <summary>Runs (or resumes) the evaluation of a plan.</summary>
    /// <exception cref="InvalidOperationException">The plan cannot run (no task matches, the output folder holds another evaluation, --resume without one).</exception>
    public async Task<EvaluationOutcome> RunAsync(EvaluationPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var outDir = Path.GetFullPath(plan.OutDir);
        var tasks = plan.Suite.TaskIds.Where(t => TaskGlob.Matches(plan.TaskGlob, t)).ToList();
        Validate(plan, tasks);
        var manifest = PrepareManifest(plan, outDir, tasks);
        var kept = plan.Resume && File.Exists(Path.Combine(outDir, ResultsFile.ResultsName))
            ? ResultsFile.Read(outDir).Where(r => FailureCategory.IsFinished(r.FailureCategory)).ToDictionary(r => r.Key)
            : [];

        var attempts = new List<(string Task, EvaluationConfiguration Configuration, AttemptKey Key)>();
        for (var repeat = 1; repeat <= plan.Repeats; repeat++)
        {
            foreach (var task in tasks)
            {
                foreach (var configuration in plan.Configurations)
                {
                    attempts.Add((task, configuration, new AttemptKey(task, configuration.Name, repeat)));
                }
            }
        }

        var wanted = attempts.Select(a => a.Key).ToHashSet();
        var keptHere = kept.Values.Where(r => wanted.Contains(r.Key)).ToList();
        _total = attempts.Count;
        _running = 0;
        _startedThisSession = 0;
        _doneThisSession = 0;
        _infrastructure = keptHere.Count(r => r.FailureCategory == FailureCategory.Infrastructure);
        _done = keptHere.Count;
        _succeeded = keptHere.Count(r => r.Succeeded);
        _cost = keptHere.Sum(r => r.CostUsd);
        _sessionStart = dependencies.Time.GetTimestamp();
        var pending = attempts.Where(a => !kept.ContainsKey(a.Key)).ToList();
        if (plan.Resume)
        {
            manifest = manifest with { Resumes = [.. manifest.Resumes, new ManifestResume(dependencies.Time.GetUtcNow(), keptHere.Count, pending.Count)] };
        }

        ResultsFile.WriteManifest(outDir, manifest);

        if (dependencies.Store is { } store)
        {
            await store.StartAsync(
                new EvaluationRecord(
                    manifest.EvaluationId, manifest.SuiteId, manifest.SuitePath, outDir, [.. manifest.Configurations.Select(c => c.Name)],
                    manifest.Repeats, manifest.Tasks.Count, "running", _done, _succeeded, _cost, manifest.CreatedAt, null),
                CancellationToken.None).ConfigureAwait(false);
        }

        var faulted = 0;
        using var runSlots = new SemaphoreSlim(plan.Parallel, plan.Parallel);
        using var judgeSlots = new SemaphoreSlim(plan.JudgesAtOnce, plan.JudgesAtOnce);
        var bodies = new List<Task>(pending.Count);
        using (var results = ResultsFile.OpenForAppend(outDir))
        {
            // The loop itself is never cancelled: once Ctrl-C comes, no further attempt starts and each running one ends its run 'cancelled'.
            foreach (var attempt in pending)
            {
                await runSlots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested || Volatile.Read(ref faulted) != 0)
                {
                    runSlots.Release();
                    break;
                }

                Report(+1, null);
                bodies.Add(AttemptBodyAsync(attempt, new AttemptSlot(runSlots, judgeSlots, () => Report(-1, null)), results));
            }

            await Task.WhenAll(bodies).ConfigureAwait(false);
        }

        async Task AttemptBodyAsync((string Task, EvaluationConfiguration Configuration, AttemptKey Key) attempt, AttemptSlot slot, ResultsFile results)
        {
            // Off the loop's thread: the loop goes on to wait for the next run slot.
            await Task.Yield();
            try
            {
                AttemptResult result;
                using (slot)
                {
                    result = plan.Suite switch
                    {
                        SoftwareSuite software => await AttemptAsync(software, software.Find(attempt.Task)!, attempt.Configuration, attempt.Key, manifest.EvaluationId, outDir, slot, cancellationToken).ConfigureAwait(false),
                        PhysicsSet physics => await PhysicsAttemptAsync(physics, physics.Find(attempt.Task)!, attempt.Configuration, attempt.Key, manifest.EvaluationId, outDir, slot, cancellationToken).ConfigureAwait(false),
                        _ => throw new InvalidOperationException($"the suite '{plan.Suite.Id}' is neither a task pack nor a physics set"),
                    };
                    results.Append(result);
                    await RecordJudgementAsync(result, manifest.EvaluationId).ConfigureAwait(false);
                }

                Report(0, result);
            }
            catch
            {
                Volatile.Write(ref faulted, 1);
                throw;
            }
        }

        var all = ResultsFile.Read(outDir).Where(r => wanted.Contains(r.Key)).ToList();
        var cancelled = cancellationToken.IsCancellationRequested;
        if (dependencies.Store is { } done)
        {
            await done.UpdateAsync(
                manifest.EvaluationId, cancelled ? "cancelled" : "finished", all.Count(r => FailureCategory.IsFinished(r.FailureCategory)), all.Count(r => r.Succeeded), all.Sum(r => r.CostUsd),
                CancellationToken.None).ConfigureAwait(false);
        }

        return new EvaluationOutcome(manifest.EvaluationId, all, cancelled, _startedThisSession, keptHere.Count);
    }

    private void Validate(EvaluationPlan plan, List<string> tasks)
    {
        if (plan.Parallel < 1 || plan.Repeats < 1)
        {
            throw new InvalidOperationException($"--parallel and --repeat must be at least 1 (got {plan.Parallel} and {plan.Repeats})");
        }

        if (plan.Judges is < 1)
        {
            throw new InvalidOperationException($"--judges must be at least 1 (got {plan.Judges})");
        }

        if (tasks.Count == 0)
        {
            throw new InvalidOperationException($"no task of the suite '{plan.Suite.Id}' matches --tasks '{plan.TaskGlob}'; its tasks are {string.Join(", ", plan.Suite.TaskIds)}");
        }

        if (plan.Suite is SoftwareSuite && plan.Configurations.FirstOrDefault(c => c.Solver != "team") is { } baseline)
        {
            throw new InvalidOperationException($"configuration '{baseline.Name}': solver '{baseline.Solver}' attempts physics benchmarks; a software task pack is attempted by the team (drop 'solver')");
        }

        if (plan.Suite is PhysicsSet && dependencies.Physics is null)
        {
            throw new InvalidOperationException($"the suite '{plan.Suite.Id}' is a physics set, and this harness has no CAD pipeline and simulation to judge it with");
        }

        if (plan.Configurations.Count == 0)
        {
            throw new InvalidOperationException("an evaluation needs at least one configuration");
        }

        var duplicate = plan.Configurations.GroupBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"the configuration name '{duplicate.Key}' is given twice; give each --config its own NAME");
        }
    }

    private EvaluationManifest PrepareManifest(EvaluationPlan plan, string outDir, List<string> tasks)
    {
        var existing = ResultsFile.ReadManifest(outDir);
        if (!plan.Resume && (existing is not null || File.Exists(Path.Combine(outDir, ResultsFile.ResultsName))))
        {
            throw new InvalidOperationException($"{outDir} already holds an evaluation; pass --resume to continue it, or choose another --out folder");
        }

        if (plan.Resume && existing is null)
        {
            throw new InvalidOperationException($"--resume: {outDir} holds no evaluation ({ResultsFile.ManifestName} is missing); start one without --resume");
        }

        if (existing is not null && existing.SuiteId != plan.Suite.Id)
        {
            throw new InvalidOperationException($"--resume: {outDir} holds an evaluation of the suite '{existing.SuiteId}', not '{plan.Suite.Id}'; give the same suite, or another --out folder");
        }

        var manifest = new EvaluationManifest
        {
            EvaluationId = existing?.EvaluationId ?? Guid.CreateVersion7(dependencies.Time.GetUtcNow()),
            SuiteId = plan.Suite.Id,
            SuitePath = plan.Suite.Directory,
            Configurations = [.. plan.Configurations.Select(c => new ManifestConfiguration(c.Name, c.File, c.Describe()))],
            Repeats = plan.Repeats,
            Tasks = tasks,
            CreatedAt = existing?.CreatedAt ?? dependencies.Time.GetUtcNow(),
            Resumes = existing?.Resumes ?? [],
        };
        return manifest;
    }

    private async Task<AttemptResult> AttemptAsync(
        SoftwareSuite suite, SoftwareTask task, EvaluationConfiguration configuration, AttemptKey key, Guid evaluationId, string outDir, AttemptSlot slot, CancellationToken cancellationToken)
    {
        var workspace = WorkspaceOf(outDir, key);
        try
        {
            // A restarted attempt starts from the task's files again, never from what the interrupted run left.
            if (Directory.Exists(workspace))
            {
                Directory.Delete(workspace, recursive: true);
            }

            await TaskWorkspace.MaterializeAsync(task, workspace, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Cancelled(key, null, "cancelled before the run started");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SuiteFormatException)
        {
            return Infrastructure(key, null, $"the workspace could not be prepared: {ex.Message}");
        }

        var request = new AttemptRequest
        {
            Key = key,
            EvaluationId = evaluationId,
            Goal = task.Goal,
            Workspace = workspace,
            VerifyCommand = task.Verify,
            SetupCommand = task.Setup,
            Budget = configuration.Budget.Over(task.Budget).ToRunBudget(configuration.TimeLimit ?? task.TimeLimit),
            Configuration = configuration,
            // The output folder too: other attempts' workspaces hold hidden tests once judged, and results.jsonl names failing tests.
            HiddenPaths = [.. suite.PathsHiddenFromAgents, outDir],
        };
        var (baseResult, ended) = await LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        if (ended)
        {
            return baseResult;
        }

        await slot.EnterJudgeAsync().ConfigureAwait(false);
        var judgeStart = dependencies.Time.GetTimestamp();
        JudgeReport report;
        try
        {
            TaskWorkspace.AddHiddenTests(task, workspace);
            report = await new TaskJudge(dependencies.JudgeRunner(workspace, [.. suite.PathsHiddenFromAgents, outDir]), workspace).JudgeAsync(task, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return baseResult with { FailureCategory = FailureCategory.Cancelled, Reason = "cancelled (Ctrl-C) while judging" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or SuiteFormatException)
        {
            return baseResult with { Reason = $"the judge could not run: {ex.Message}" };
        }

        var category = Category(report.Resolved, baseResult.Status);
        return baseResult with
        {
            Judged = report.Resolved,
            JudgeSummary = report.Summary,
            JudgeSeconds = dependencies.Time.GetElapsedTime(judgeStart).TotalSeconds,
            FailureCategory = category,
        };
    }

    private async Task<AttemptResult> PhysicsAttemptAsync(
        PhysicsSet set, PhysicsBenchmark benchmark, EvaluationConfiguration configuration, AttemptKey key, Guid evaluationId, string outDir, AttemptSlot slot, CancellationToken cancellationToken)
    {
        var physics = dependencies.Physics!;
        var workspace = WorkspaceOf(outDir, key);
        PhysicsWorkbench workbench;
        try
        {
            // A restarted attempt starts from an empty solution folder, never from what the interrupted run left.
            if (Directory.Exists(workspace))
            {
                Directory.Delete(workspace, recursive: true);
            }

            workbench = physics.Workbench(benchmark.BenchmarkFile, dependencies.Time);
            Directory.CreateDirectory(workspace);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SpecException)
        {
            return Infrastructure(key, null, $"the benchmark or its solution folder could not be prepared: {ex.Message}");
        }

        AttemptResult baseResult;
        if (configuration.Solver == "baseline")
        {
            var baseline = configuration.Baseline;
            SolveResult solved;
            try
            {
                solved = await new BaselineSolver(physics.Analyzer, physics.Simulation, dependencies.Time).SolveAsync(
                    workbench.Benchmark,
                    workbench.BenchmarkDirectory,
                    workspace,
                    new SolverOptions
                    {
                        Seed = baseline.Seed,
                        MaxCandidates = baseline.MaxCandidates,
                        Budget = baseline.Budget,
                        Samples = physics.Samples,
                        CacheDirectory = physics.ScreeningCache,
                    },
                    cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Cancelled(key, null, "cancelled (Ctrl-C) while the baseline solver searched");
            }
            catch (Simulation.SimulationException ex)
            {
                return Infrastructure(key, null, $"the baseline solver could not simulate: {ex.Message}");
            }

            baseResult = new AttemptResult
            {
                Task = key.TaskId,
                Configuration = key.Configuration,
                Repeat = key.Repeat,
                Status = (solved.Solved ? RunStatus.Succeeded : RunStatus.FailedVerification).ToName(),
                AgentVerified = solved.Solved,
                WallSeconds = solved.Seconds,
                Reason = string.Create(
                    System.Globalization.CultureInfo.InvariantCulture,
                    $"baseline solver: {(solved.Solved ? "solved" : solved.Failure ?? "no candidate passed every start")} after {solved.CandidatesScreened} candidate(s) and {solved.FullEvaluations} full evaluation(s)"),
                FailureCategory = FailureCategory.Infrastructure,
            };
        }
        else
        {
            PhysicsAttempt attempt;
            try
            {
                attempt = PhysicsAttempt.Prepare(workbench, workspace);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Infrastructure(key, null, $"the solution folder could not be prepared: {ex.Message}");
            }

            var request = new AttemptRequest
            {
                Key = key,
                EvaluationId = evaluationId,
                Goal = attempt.Goal,
                Workspace = workspace,
                Team = attempt.Team,
                Budget = configuration.Budget.ToRunBudget(configuration.TimeLimit),
                Configuration = configuration,
                // The set holds every benchmark's reference solution; the output folder holds other attempts' solutions.
                HiddenPaths = [.. set.PathsHiddenFromAgents, outDir],
            };
            bool ended;
            (baseResult, ended) = await LaunchAsync(request, cancellationToken).ConfigureAwait(false);
            if (ended)
            {
                return baseResult;
            }
        }

        // The run's (or the solver's) word is not the result: the final solution is judged again, from every start.
        await slot.EnterJudgeAsync().ConfigureAwait(false);
        var judgeStart = dependencies.Time.GetTimestamp();
        PhysicsJudgement judgement;
        try
        {
            judgement = await PhysicsAttempt.JudgeAsync(workbench, workspace, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return baseResult with { FailureCategory = FailureCategory.Cancelled, Reason = "cancelled (Ctrl-C) while judging" };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Simulation.SimulationException)
        {
            return baseResult with { Reason = $"the judge could not run: {ex.Message}" };
        }

        return baseResult with
        {
            Judged = judgement.Success,
            JudgeSummary = judgement.Summary,
            JudgeSeconds = dependencies.Time.GetElapsedTime(judgeStart).TotalSeconds,
            FailureCategory = Category(judgement.Success, baseResult.Status),
        };
    }

    private static string Category(bool judged, string status) =>
        judged ? FailureCategory.None
        : status == RunStatus.Succeeded.ToName() ? FailureCategory.WrongFix
        : status;

    private static string WorkspaceOf(string outDir, AttemptKey key) =>
        Path.Combine(outDir, WorkspacesName, key.Configuration, key.TaskId, key.Repeat.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Attaches the judged outcome to the attempt's run in the store, so that exported runs carry it.</summary>
    private async Task RecordJudgementAsync(AttemptResult result, Guid evaluationId)
    {
        if (dependencies.Store is { } store && result.RunId is { } runId)
        {
            await store.RecordJudgementAsync(runId, new EvaluationJudgement(evaluationId, result.Judged, result.FailureCategory, result.JudgeSummary), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the request through the launcher, tagging its run; <c>Ended</c> when the result is final without judging (cancelled, infrastructure).</summary>
    private async Task<(AttemptResult Result, bool Ended)> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
    {
        var key = request.Key;
        var evaluationId = request.EvaluationId;
        Guid? runId = null;
        Task tagged = Task.CompletedTask;
        request = request with
        {
            OnRunCreated = id =>
            {
                runId = id;
                if (dependencies.Store is { } store)
                {
                    tagged = store.TagRunAsync(id, evaluationId, key.Item, CancellationToken.None);
                }
            },
        };

        AttemptOutcome outcome;
        try
        {
            outcome = await dependencies.Launcher.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await tagged.ConfigureAwait(false);
            return (Cancelled(key, runId, "cancelled (Ctrl-C) while running"), true);
        }
        catch (AttemptInfrastructureException ex)
        {
            await tagged.ConfigureAwait(false);
            return (Infrastructure(key, ex.RunId ?? runId, ex.Message), true);
        }

        await tagged.ConfigureAwait(false);
        var baseResult = new AttemptResult
        {
            Task = key.TaskId,
            Configuration = key.Configuration,
            Repeat = key.Repeat,
            RunId = outcome.RunId,
            Status = outcome.Status.ToName(),
            AgentVerified = outcome.AgentVerified,
            TokensIn = outcome.Usage.TokensIn,
            TokensOut = outcome.Usage.TokensOut,
            CostUsd = outcome.Usage.CostUsd,
            Steps = outcome.Usage.Steps,
            WallSeconds = outcome.Usage.WallTime.TotalSeconds,
            Reason = outcome.Reason,
            PatchSha256 = outcome.PatchSha256,
            FailureCategory = FailureCategory.Infrastructure,
        };
        if (outcome.Status == RunStatus.Cancelled)
        {
            return (baseResult with { FailureCategory = FailureCategory.Cancelled }, true);
        }

        if (outcome.Status == RunStatus.Error)
        {
            // The taxonomy's 'error' is an infrastructure fault (sandbox, model endpoint after retries), never the agents' failure.
            return (baseResult, true);
        }

        return (baseResult, false);
    }

    private static AttemptResult Cancelled(AttemptKey key, Guid? runId, string reason) => new()
    {
        Task = key.TaskId,
        Configuration = key.Configuration,
        Repeat = key.Repeat,
        RunId = runId,
        Status = RunStatus.Cancelled.ToName(),
        FailureCategory = FailureCategory.Cancelled,
        Reason = reason,
    };

    private static AttemptResult Infrastructure(AttemptKey key, Guid? runId, string reason) => new()
    {
        Task = key.TaskId,
        Configuration = key.Configuration,
        Repeat = key.Repeat,
        RunId = runId,
        Status = RunStatus.Error.ToName(),
        FailureCategory = FailureCategory.Infrastructure,
        Reason = reason,
    };

    private void Report(int runningDelta, AttemptResult? finished)
    {
        EvaluationProgress progress;
        lock (_gate)
        {
            _running += runningDelta;
            _startedThisSession += runningDelta > 0 ? 1 : 0;
            if (finished is not null)
            {
                _done++;
                _doneThisSession++;
                _succeeded += finished.Succeeded ? 1 : 0;
                _infrastructure += finished.FailureCategory == FailureCategory.Infrastructure ? 1 : 0;
                _cost += finished.CostUsd;
            }

            TimeSpan? eta = _doneThisSession == 0
                ? null
                : dependencies.Time.GetElapsedTime(_sessionStart) / _doneThisSession * (_total - _done);
            progress = new EvaluationProgress(_total, _done, _running, _startedThisSession - _running - _doneThisSession, _succeeded, _infrastructure, _cost, eta, finished);
        }

        dependencies.Progress?.Invoke(progress);
    }
}
