using System.Collections.Concurrent;
using System.Text.Json;
using Leviathan.Agents.Launching;
using Leviathan.Agents.Team;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Generations;
using Leviathan.Server.Json;
using Leviathan.Simulation;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Leviathan.Server.Jobs;

/// <summary>
/// <c>--workers N</c> loops in the server's process, each leasing one job at a time from the store and launching its run
/// through the library's <see cref="RunLauncher"/>. The lease is renewed while the run goes on; when the server stops,
/// running jobs keep their (expiring) lease, so the next start resumes them from their trace.
/// </summary>
internal sealed partial class JobWorkerPool(
    JobStore jobs,
    TraceStore store,
    ServerOptions options,
    RunLaunchDefaults defaults,
    SimulationClient simulation,
    Leviathan.Persistence.Backups.BackupService backups,
    Evaluations.EvaluationProgressBoard evaluationProgress,
    TimeProvider time,
    ILogger<JobWorkerPool> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    private const string CancelledReason = "cancelled through the API (POST /v1/runs/{id}/cancel or /v1/jobs/{id}/cancel)";

    private const string StoppedReason = "cancelled: the server stopped during the run";

    /// <summary>The cancellation of each job a worker of this server runs now.</summary>
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    /// <summary>Tells the loops a job was queued, so an idle worker need not wait for its next look.</summary>
    private readonly SemaphoreSlim _wake = new(0);

    private int _runningLoops;

    public void Wake() => _wake.Release();

    /// <summary>Worker loops taking jobs now (all <see cref="ServerOptions.Workers"/> of them once started, none when stopped).</summary>
    public int RunningWorkers => Volatile.Read(ref _runningLoops);

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Counted before the loops are scheduled, so readiness right after start-up sees them; each loop uncounts itself when it ends.
        Interlocked.Add(ref _runningLoops, options.Workers);
        return Task.WhenAll(Enumerable.Range(0, options.Workers).Select(i => Task.Run(() => LoopAsync($"{_owner}:{i}", stoppingToken), CancellationToken.None)));
    }

    private async Task LoopAsync(string owner, CancellationToken stoppingToken)
    {
        try
        {
            await TakeJobsAsync(owner, stoppingToken);
        }
        finally
        {
            Interlocked.Decrement(ref _runningLoops);
        }
    }

    private async Task TakeJobsAsync(string owner, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var lease = await jobs.LeaseNextAsync(owner, options.JobLease, stoppingToken);
                if (lease is null)
                {
                    using var idle = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    idle.CancelAfter(options.JobPollInterval);
                    try
                    {
                        await _wake.WaitAsync(idle.Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Time for the next look.
                    }

                    continue;
                }

                if (lease.Exhausted)
                {
                    var status = lease.Job.Outcome == JobStore.CancelledOutcome ? RunStatus.Cancelled : RunStatus.Error;
                    await EndRunAsync(lease.Job.RunId, status, lease.Job.Reason ?? "its job was given up", stoppingToken);
                    LogGivenUp(logger, lease.Job.Id, lease.Job.Reason);
                    continue;
                }

                await RunAsync(lease.Job, owner, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The store itself failed (disk full, database locked for too long): keep the worker alive, the job's lease expires and it is retried.
                LogLoopFailure(logger, owner, ex);
                await Task.Delay(options.JobPollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Cancels the run of a job this server's workers hold, at once (other servers' workers see the request at their next
    /// heartbeat); false when no worker here holds it.
    /// </summary>
    public bool Cancel(Guid jobId)
    {
        if (!_running.TryGetValue(jobId, out var cancel))
        {
            return false;
        }

        try
        {
            cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The run ended meanwhile.
        }

        return true;
    }

    private async Task RunAsync(JobRecord job, string owner, CancellationToken stoppingToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var cancel = new CancellationTokenSource();
        using var run = CancellationTokenSource.CreateLinkedTokenSource(lost.Token, cancel.Token);
        _running[job.Id] = cancel;
        if (job.CancelRequestedAt is not null)
        {
            await cancel.CancelAsync();
        }

        var heartbeat = HeartbeatAsync(job.Id, owner, lost.Token, lost.Cancel, cancel.Cancel);
        string outcome;
        string? reason;
        string? result = null;
        try
        {
            (outcome, reason, result) = await LaunchAsync(job, owner, () => cancel.IsCancellationRequested ? CancelledReason : StoppedReason, run.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested && !lost.IsCancellationRequested)
        {
            (outcome, reason) = (JobStore.CancelledOutcome, JobKinds.LaunchesRun(job.Kind) ? $"{CancelledReason}, before its run started" : CancelledReason);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            // Stopping (the next start resumes it) or the lease was lost (another worker has it): not ours to end.
            return;
        }
        catch (Exception ex)
        {
            LogRunFailure(logger, job.Id, ex);
            (outcome, reason) = ("error", $"the job failed before its run could start: {ex.Message}");
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            await lost.CancelAsync();
            await heartbeat;
        }

        if (stoppingToken.IsCancellationRequested && !cancel.IsCancellationRequested && outcome == RunStatus.Cancelled.ToName())
        {
            return;
        }

        if (!await jobs.CompleteAsync(job.Id, owner, outcome, reason, result, CancellationToken.None))
        {
            LogLostLease(logger, job.Id);
        }
    }

    private async Task<JobEnd> LaunchAsync(JobRecord job, string owner, Func<string> cancelReason, CancellationToken cancellationToken)
    {
        switch (job.Kind)
        {
            case JobKinds.SoftwareRun:
            {
                var (payload, error) = Read(job, ServerJsonContext.Default.SoftwareRunPayload);
                if (payload is null)
                {
                    return ("error", error);
                }

                var teamOptions = new TeamOptions
                {
                    Goal = payload.Goal,
                    Workspace = payload.Workspace,
                    VerifyCommand = payload.VerifyCommand,
                    Budget = payload.MaxSteps is { } steps ? new RunBudget(MaxSteps: steps) : RunBudget.Unlimited,
                    CancelReason = cancelReason,
                };
                var outcome = await LaunchRunAsync(job, owner, teamOptions, null, payload.Profile, cancellationToken);
                return (outcome.Outcome, outcome.Reason);
            }

            case JobKinds.PhysicsAttempt:
            {
                var (payload, error) = Read(job, ServerJsonContext.Default.PhysicsAttemptPayload);
                if (payload is null)
                {
                    return ("error", error);
                }

                Engineering.Teams.PhysicsAttempt attempt;
                try
                {
                    attempt = PhysicsAttemptJob.Prepare(payload, defaults, simulation, time);
                }
                catch (Exception ex) when (ex is Leviathan.Tools.Sandbox.SandboxUnavailableException or Engineering.Json.SpecException or IOException or UnauthorizedAccessException)
                {
                    return ("error", $"the attempt could not be prepared: {ex.Message}");
                }

                // A run that had ended before its server died (while its solution was being judged) is judged, not run again.
                if (job.RunId is { } ended && await store.FindRunAsync(ended, cancellationToken) is { } previous
                    && previous.Status.IsTerminal() && previous.Status is not (RunStatus.Cancelled or RunStatus.Error))
                {
                    return (previous.Status.ToName(), $"{previous.Reason}; {await PhysicsAttemptJob.JudgeAsync(attempt, store, ended, cancellationToken)}");
                }

                var teamOptions = attempt.Options(PhysicsAttemptJob.Budget(payload)) with { CancelReason = cancelReason };
                var outcome = await LaunchRunAsync(job, owner, teamOptions, attempt.Team, payload.Profile, cancellationToken);
                if (outcome.RunId is not { } runId || outcome.Outcome is "error" || outcome.Outcome == JobStore.CancelledOutcome)
                {
                    return (outcome.Outcome, outcome.Reason);
                }

                // The run's word is not the result: the final solution is judged again, from every start, as bench attempt does.
                var verdict = await PhysicsAttemptJob.JudgeAsync(attempt, store, runId, cancellationToken);
                return (outcome.Outcome, $"{outcome.Reason}; {verdict}");
            }

            case JobKinds.BenchmarkGeneration:
            {
                var (payload, error) = Read(job, ServerJsonContext.Default.GenerationPayload);
                return payload is null ? ("error", error) : await GenerationJob.RunAsync(job, payload, defaults, options, simulation, time, cancellationToken);
            }

            case JobKinds.Evaluation:
            {
                var (payload, error) = Read(job, ServerJsonContext.Default.EvaluationPayload);
                return payload is null ? ("error", error) : await Evaluations.EvaluationJob.RunAsync(job, payload, store, defaults, options, simulation, evaluationProgress, time, cancellationToken);
            }

            case JobKinds.Backup:
                return await BackupAsync(cancellationToken);

            default:
                return ("error", $"this server does not know jobs of kind '{job.Kind}'");
        }
    }

    /// <summary>Takes a backup as <c>POST /v1/admin/backups</c> does; the record is the job's result.</summary>
    private async Task<JobEnd> BackupAsync(CancellationToken cancellationToken)
    {
        try
        {
            var record = await backups.CreateAsync(cancellationToken);
            var resource = Backups.BackupResource.From(record);
            return new JobEnd(
                "succeeded",
                $"uploaded {record.Key}: {record.ArchiveBytes} bytes, SHA-256 {record.Sha256}",
                JsonSerializer.Serialize(resource, ServerJsonContext.Default.BackupResource));
        }
        catch (Leviathan.Persistence.Backups.BackupException ex)
        {
            return ("error", $"{ex.Message}; {ex.Hint}");
        }
    }

    private static (T? Payload, string? Error) Read<T>(JobRecord job, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info)
        where T : class
    {
        try
        {
            var payload = JsonSerializer.Deserialize(job.PayloadJson, info);
            return payload is null ? (null, "the job's payload is empty") : (payload, null);
        }
        catch (JsonException ex)
        {
            return (null, $"the job's payload cannot be read: {ex.Message}");
        }
    }

    /// <summary>Launches the job's run, or resumes the run an earlier attempt of the job started (its server died) from its trace.</summary>
    private async Task<(string Outcome, string? Reason, Guid? RunId)> LaunchRunAsync(
        JobRecord job, string owner, TeamOptions teamOptions, TeamDefinition? team, string? profile, CancellationToken cancellationToken)
    {
        // The run's id is recorded on the job without blocking the thread that creates the run (blocking it starved the
        // thread pool when many runs start at once). The write queues for the store's turn before the run's own next
        // write (marking it running), so on SQLite the job names its run before the run's first model call.
        Task? recorded = null;
        var request = new RunRequest
        {
            Options = teamOptions,
            Team = team,
            Catalog = defaults.Catalog,
            Profile = profile,
            Sandbox = defaults.Sandbox,
            OnCreated = runId => recorded = jobs.SetRunAsync(job.Id, owner, runId, CancellationToken.None),
        };

        // A run an earlier attempt started (its server died) is resumed from its trace, as 'leviathan runs resume' does.
        if (job.RunId is { } earlier && await store.FindRunAsync(earlier, cancellationToken) is { } previous)
        {
            if (!previous.Status.IsTerminal())
            {
                await store.CompleteRunAsync(earlier, RunStatus.Error, $"interrupted: the server stopped during the run; job {job.Id} resumes it (attempt {job.Attempts})", previous.Usage, cancellationToken);
            }

            request = request with
            {
                Options = teamOptions with { ParentRunId = earlier },
                Resume = await store.ReadEventsAsync(earlier, cancellationToken),
            };
        }

        try
        {
            var launcher = new RunLauncher(new RunLaunchOptions { Home = defaults.Home, Store = store, Time = time });
            var outcome = await launcher.LaunchAsync(request, cancellationToken);
            return (outcome.Status.ToName(), outcome.Reason, outcome.RunId);
        }
        catch (RunLaunchException ex)
        {
            return ("error", ex.Hint is null ? ex.Message : $"{ex.Message}; {ex.Hint}", null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRunFailure(logger, job.Id, ex);
            return ("error", $"the run failed: {ex.Message}", null);
        }
        finally
        {
            await RecordedAsync(recorded, job.Id);
        }
    }

    /// <summary>Waits for the job's run id to be written; a store that failed there is logged, the job's end is written next.</summary>
    private async Task RecordedAsync(Task? recorded, Guid jobId)
    {
        if (recorded is null)
        {
            return;
        }

        try
        {
            await recorded;
        }
        catch (Exception ex)
        {
            LogRunNotRecorded(logger, jobId, ex);
        }
    }

    private async Task HeartbeatAsync(Guid jobId, string owner, CancellationToken stop, Action loseLease, Action cancelRun)
    {
        using var timer = new PeriodicTimer(options.JobHeartbeat, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                switch (await jobs.HeartbeatAsync(jobId, owner, options.JobLease, stop))
                {
                    case JobHeartbeat.Lost:
                        LogLostLease(logger, jobId);
                        loseLease();
                        return;
                    case JobHeartbeat.CancelRequested:
                        // Keep beating: the lease must hold while the cancelled run closes its trace.
                        cancelRun();
                        break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended or the server stops.
        }
    }

    private async Task EndRunAsync(Guid? runId, RunStatus status, string reason, CancellationToken cancellationToken)
    {
        if (runId is { } id && await store.FindRunAsync(id, cancellationToken) is { } run && !run.Status.IsTerminal())
        {
            await store.CompleteRunAsync(id, status, reason, run.Usage, cancellationToken);
        }
    }

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId} was given up: {Reason}")]
    private static partial void LogGivenUp(ILogger logger, Guid jobId, string? reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "job worker {Owner} failed; it keeps going")]
    private static partial void LogLoopFailure(ILogger logger, string owner, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "job {JobId}: this worker lost its lease (another worker holds the job now)")]
    private static partial void LogLostLease(ILogger logger, Guid jobId);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {JobId}: the id of its run could not be recorded on the job (a restart would start the run anew instead of resuming it)")]
    private static partial void LogRunNotRecorded(ILogger logger, Guid jobId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "job {JobId}: the run failed")]
    private static partial void LogRunFailure(ILogger logger, Guid jobId, Exception exception);
}
