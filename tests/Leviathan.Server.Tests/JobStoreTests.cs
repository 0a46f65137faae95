using Leviathan.Persistence;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
using Leviathan.Testing;

namespace Leviathan.Server.Tests;

/// <summary>The durable queue on a real SQLite file, with a fake clock for the leases.</summary>
public sealed class JobStoreTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _home = new("leviathan-jobs");
    private readonly FakeTimeProvider _time = new();
    private TraceStore _store = null!;
    private JobStore _jobs = null!;

    public async Task InitializeAsync()
    {
        _store = await TraceStore.OpenAsync(new TraceStoreOptions { Home = _home.Path }, _time);
        _jobs = new JobStore(_store, _time);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Lease_TakesOldestQueuedJob_AndNoOtherWorkerGetsItWhileTheLeaseHolds()
    {
        var first = await _jobs.EnqueueAsync("software_run", "{}", null, 3);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        var second = await _jobs.EnqueueAsync("software_run", "{}", null, 3);

        var a = await _jobs.LeaseNextAsync("worker-a", Lease);
        var b = await _jobs.LeaseNextAsync("worker-b", Lease);
        var c = await _jobs.LeaseNextAsync("worker-c", Lease);

        a!.Job.Id.ShouldBe(first.Id);
        b!.Job.Id.ShouldBe(second.Id);
        c.ShouldBeNull();
        a.Job.State.ShouldBe(JobState.Running);
        a.Job.Attempts.ShouldBe(1);
    }

    [Fact]
    public async Task Heartbeat_KeepsTheLease_AndCompleteEndsTheJob()
    {
        var job = await _jobs.EnqueueAsync("software_run", "{}", null, 3);
        await _jobs.LeaseNextAsync("worker-a", Lease);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            (await _jobs.HeartbeatAsync(job.Id, "worker-a", Lease)).ShouldBe(JobHeartbeat.Held);
            (await _jobs.LeaseNextAsync("worker-b", Lease)).ShouldBeNull();
        }

        (await _jobs.CompleteAsync(job.Id, "worker-a", "succeeded", "verified")).ShouldBeTrue();
        var done = await _jobs.FindAsync(job.Id);
        done!.State.ShouldBe(JobState.Done);
        done.Outcome.ShouldBe("succeeded");
        (await _jobs.LeaseNextAsync("worker-b", Lease)).ShouldBeNull();
    }

    [Fact]
    public async Task Cancel_QueuedJob_EndsItCancelled_AndNoWorkerEverTakesIt_AskingAgainChangesNothing()
    {
        var job = await _jobs.EnqueueAsync("software_run", "{}", null, 3);

        var cancelled = await _jobs.CancelAsync(job.Id);

        cancelled!.Result.ShouldBe(JobCancellationResult.Cancelled);
        cancelled.Job.State.ShouldBe(JobState.Done);
        cancelled.Job.Outcome.ShouldBe("cancelled");
        (await _jobs.LeaseNextAsync("worker", Lease)).ShouldBeNull();
        (await _jobs.CancelAsync(job.Id))!.Result.ShouldBe(JobCancellationResult.Cancelled);
        (await _jobs.CancelAsync(Guid.NewGuid())).ShouldBeNull();
    }

    [Fact]
    public async Task Cancel_RunningJob_IsSeenAtTheNextHeartbeat_AndAJobWhoseWorkerDiedIsEndedCancelledNotResumed()
    {
        var job = await _jobs.EnqueueAsync("software_run", "{}", null, 3);
        await _jobs.LeaseNextAsync("worker-a", Lease);
        (await _jobs.HeartbeatAsync(job.Id, "worker-a", Lease)).ShouldBe(JobHeartbeat.Held);

        (await _jobs.CancelAsync(job.Id))!.Result.ShouldBe(JobCancellationResult.Requested);
        (await _jobs.CancelAsync(job.Id))!.Result.ShouldBe(JobCancellationResult.Requested);
        (await _jobs.HeartbeatAsync(job.Id, "worker-a", Lease)).ShouldBe(JobHeartbeat.CancelRequested);

        // worker-a dies before it can end the run: the next lease ends the job cancelled instead of resuming it.
        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var ended = await _jobs.LeaseNextAsync("worker-b", Lease);
        ended!.Exhausted.ShouldBeTrue();
        ended.Job.Outcome.ShouldBe("cancelled");
        (await _jobs.CancelAsync(job.Id))!.Result.ShouldBe(JobCancellationResult.Cancelled);
    }

    [Fact]
    public async Task Cancel_FinishedJob_ChangesNothing()
    {
        var job = await _jobs.EnqueueAsync("software_run", "{}", null, 3);
        await _jobs.LeaseNextAsync("worker-a", Lease);
        await _jobs.CompleteAsync(job.Id, "worker-a", "succeeded", "verified");

        var answer = await _jobs.CancelAsync(job.Id);

        answer!.Result.ShouldBe(JobCancellationResult.AlreadyFinished);
        answer.Job.Outcome.ShouldBe("succeeded");
    }

    [Fact]
    public async Task ExpiredLease_IsTakenAgain_WithTheRunToResume_AndTheDeadWorkerCanNoLongerComplete()
    {
        var job = await _jobs.EnqueueAsync("software_run", "{}", null, 3);
        await _jobs.LeaseNextAsync("dead-server", Lease);
        var runId = Guid.NewGuid();
        await _jobs.SetRunAsync(job.Id, "dead-server", runId);

        _time.Advance(Lease + TimeSpan.FromSeconds(1));
        var again = await _jobs.LeaseNextAsync("new-server", Lease);

        again!.Exhausted.ShouldBeFalse();
        again.Job.Attempts.ShouldBe(2);
        again.Job.RunId.ShouldBe(runId);
        again.Job.LeaseOwner.ShouldBe("new-server");
        (await _jobs.CompleteAsync(job.Id, "dead-server", "succeeded", null)).ShouldBeFalse();
        (await _jobs.HeartbeatAsync(job.Id, "dead-server", Lease)).ShouldBe(JobHeartbeat.Lost);
    }

    [Fact]
    public async Task ExpiredLease_AfterMaxAttempts_EndsTheJobAsErrorWithTheReason_NeverDropsIt()
    {
        var job = await _jobs.EnqueueAsync("software_run", "{}", null, 2);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            (await _jobs.LeaseNextAsync($"server-{attempt}", Lease))!.Job.Attempts.ShouldBe(attempt);
            _time.Advance(Lease + TimeSpan.FromSeconds(1));
        }

        var ended = await _jobs.LeaseNextAsync("server-3", Lease);

        ended!.Exhausted.ShouldBeTrue();
        ended.Job.State.ShouldBe(JobState.Done);
        ended.Job.Outcome.ShouldBe("error");
        ended.Job.Reason!.ShouldContain("stopped 2 time(s) without finishing");
        (await _jobs.LeaseNextAsync("server-4", Lease)).ShouldBeNull();
    }

    [Fact]
    public async Task CountUnfinished_CountsQueuedAndRunningJobsOfOneKey()
    {
        var key = Guid.NewGuid();
        var first = await _jobs.EnqueueAsync("software_run", "{}", key, 3);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        await _jobs.EnqueueAsync("software_run", "{}", Guid.NewGuid(), 3);
        _time.Advance(TimeSpan.FromMilliseconds(5));
        await _jobs.EnqueueAsync("software_run", "{}", key, 3);
        (await _jobs.CountUnfinishedAsync(key)).ShouldBe(2);

        var leased = await _jobs.LeaseNextAsync("w", Lease);
        leased!.Job.Id.ShouldBe(first.Id);
        (await _jobs.CountUnfinishedAsync(key)).ShouldBe(2);

        await _jobs.CompleteAsync(leased.Job.Id, "w", "succeeded", null);
        (await _jobs.CountUnfinishedAsync(key)).ShouldBe(1);
    }
}
