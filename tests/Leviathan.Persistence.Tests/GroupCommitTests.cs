using Leviathan.Core.Plans;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Tracing;
using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence.Tests;

/// <summary>
/// The SQLite store's group writer: the writes of many runs queued at one moment are committed in one transaction,
/// each in its own savepoint. The tests hold the writer where they need a group to form (behind the write turn an
/// EF Core write holds, or behind a write that waits for the test), so what goes in which group does not depend on timing.
/// </summary>
public sealed class GroupCommitTests : StoreTestBase
{
    [Fact]
    public async Task FlushAsync_FiftyRunsFlushingEveryEventWhileTheWriterWaits_AllLandInOrderInAtMostTwoTransactions()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => NewRunAsync($"run {i}")));
        var writers = await Task.WhenAll(runs.Select(run => Store.OpenWriterAsync(run.Id)));
        var groupsBefore = Store.GroupsCommitted;
        var flushes = new List<Task>();

        // An EF Core write holds the store's write turn: the group writer waits for it, and everything queues behind.
        using (await Store.WriteTurnAsync(CancellationToken.None))
        {
            for (var i = 0; i < 20; i++)
            {
                foreach (var writer in writers)
                {
                    writer.Append(new NewEvent(EventKind.Metric, "engineer", $$"""{"name":"step","value":{{i}}}"""));
                    flushes.Add(writer.FlushAsync());
                }
            }

            flushes.ShouldAllBe(flush => !flush.IsCompleted, "a flush returned while nothing could be committed");
            (await CountEventsFromANewConnectionAsync()).ShouldBe(0);
        }

        await Task.WhenAll(flushes);

        // 1,000 flushes: the batch the writer had taken before it met the turn, then everything else together.
        (Store.GroupsCommitted - groupsBefore).ShouldBeLessThanOrEqualTo(2);
        foreach (var run in runs)
        {
            var events = await Store.ReadEventsAsync(run.Id);
            events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i));
            events.Select(e => e.PayloadJson).ShouldBe(Enumerable.Range(0, 20).Select(i => $$"""{"name":"step","value":{{i}}}"""));
        }

        foreach (var writer in writers)
        {
            await writer.DisposeAsync();
        }
    }

    [Fact]
    public async Task FlushAsync_FiftyRunsWritingFreely_EveryRunKeepsAllItsEventsGapFreeAndInOrder()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => NewRunAsync($"run {i}")));

        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            await using var writer = await Store.OpenWriterAsync(run.Id);
            for (var i = 0; i < 20; i++)
            {
                writer.Append(new NewEvent(EventKind.Message, "engineer", $$"""{"content":"{{run.Id}} {{i}}"}"""));
                await writer.FlushAsync();
                await Store.UpdateUsageAsync(run.Id, new RunUsage(i, i, 0m, i, TimeSpan.FromSeconds(i)));
            }
        })));

        foreach (var run in runs)
        {
            var events = await Store.ReadEventsAsync(run.Id);
            events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 20).Select(i => (long)i));
            events.Select(e => e.PayloadJson).ShouldBe(Enumerable.Range(0, 20).Select(i => $$"""{"content":"{{run.Id}} {{i}}"}"""));
            (await Store.FindRunAsync(run.Id))!.Usage.Steps.ShouldBe(19);
        }
    }

    [Fact]
    public async Task FlushAsync_AWriteThatBreaksAConstraintInAGroup_FailsOnlyItsOwnWriterAndTheRestCommits()
    {
        var run = await NewRunAsync("one run");
        var other = await NewRunAsync("another run");
        await using var first = await Store.OpenWriterAsync(run.Id);
        await using var second = await Store.OpenWriterAsync(run.Id);
        await using var bystander = await Store.OpenWriterAsync(other.Id);
        var groupsBefore = Store.GroupsCommitted;

        Task firstFlush, secondFlush, bystanderFlush, plan;
        await using (await HoldWriterAsync())
        {
            // Two writers of one run number their events alike: the second batch breaks the unique (run, seq) index.
            first.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"first"}"""));
            firstFlush = first.FlushAsync();
            second.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"second"}"""));
            secondFlush = second.FlushAsync();
            bystander.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"bystander"}"""));
            bystanderFlush = bystander.FlushAsync();
            plan = Store.SavePlanAsync(other.Id, [new PlanItem("1", "carry on", PlanItemStatus.InProgress)], 1);
        }

        await firstFlush;
        await bystanderFlush;
        await plan;
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => secondFlush);
        failure.Message.ShouldContain("UNIQUE");
        Should.Throw<InvalidOperationException>(() => second.Append(new NewEvent(EventKind.Message, "engineer", "{}")));

        // The held write's group, then one group with all four writes.
        (Store.GroupsCommitted - groupsBefore).ShouldBe(2);
        (await Store.ReadEventsAsync(run.Id)).Single().PayloadJson.ShouldContain("first");
        (await Store.ReadEventsAsync(other.Id)).Single().PayloadJson.ShouldContain("bystander");
        (await Store.ReadPlanAsync(other.Id)).Single().Text.ShouldBe("carry on");
    }

    [Fact]
    public async Task FlushAsync_ABatchThatFillsTheDatabaseInAGroup_FailsOnlyItsWriterAndTheWritesBeforeAndAfterItCommit()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => NewRunAsync($"run {i}")));
        await Store.DisposeAsync();

        // A size cap makes SQLite answer SQLITE_FULL exactly as a full disk does.
        var size = new FileInfo(DatabasePath).Length;
        await using var capped = await TraceStore.OpenAsync(new TraceStoreOptions { Home = Home, MaxDatabaseBytes = size + 65536 }, Time);
        await using var before = await capped.OpenWriterAsync(runs[0].Id);
        await using var full = await capped.OpenWriterAsync(runs[1].Id);
        await using var after = await capped.OpenWriterAsync(runs[2].Id);
        var groupsBefore = capped.GroupsCommitted;

        Task beforeFlush, fullFlush, afterFlush;
        await using (await HoldWriterAsync(capped))
        {
            before.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"before"}"""));
            beforeFlush = before.FlushAsync();
            var big = "{\"content\":\"" + new string('y', 50_000) + "\"}";
            for (var i = 0; i < 50; i++)
            {
                full.Append(new NewEvent(EventKind.Message, "engineer", big));
            }

            fullFlush = full.FlushAsync();
            after.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"after"}"""));
            afterFlush = after.FlushAsync();
        }

        // SQLite rolls the whole transaction back on SQLITE_FULL: the group is written again without the batch that failed.
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => fullFlush);
        failure.Message.ShouldContain("full");
        await beforeFlush;
        await afterFlush;
        (capped.GroupsCommitted - groupsBefore).ShouldBe(2);
        (await capped.ReadEventsAsync(runs[0].Id)).Single().PayloadJson.ShouldContain("before");
        (await capped.ReadEventsAsync(runs[1].Id)).ShouldBeEmpty();
        (await capped.ReadEventsAsync(runs[2].Id)).Single().PayloadJson.ShouldContain("after");
    }

    [Fact]
    public async Task DisposeAsync_OfTheStoreWithWritesQueued_CommitsThemAndTheySurviveReopening()
    {
        var runs = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => NewRunAsync($"run {i}")));
        var writers = await Task.WhenAll(runs.Select(run => Store.OpenWriterAsync(run.Id)));
        var flushes = new List<Task>();
        Task closing;
        await using (await HoldWriterAsync())
        {
            foreach (var writer in writers)
            {
                for (var i = 0; i < 5; i++)
                {
                    writer.Append(new NewEvent(EventKind.Thought, "planner", $$"""{"text":"{{i}}"}"""));
                }

                flushes.Add(writer.FlushAsync());
            }

            closing = Store.DisposeAsync().AsTask();
            closing.IsCompleted.ShouldBeFalse("the store closed with writes still queued");
        }

        await closing;
        await Task.WhenAll(flushes);
        await Should.ThrowAsync<ObjectDisposedException>(() => Store.MarkRunningAsync(runs[0].Id));

        await using var reopened = await OpenAsync();
        foreach (var run in runs)
        {
            (await reopened.ReadEventsAsync(run.Id)).Select(e => e.PayloadJson).ShouldBe(Enumerable.Range(0, 5).Select(i => $$"""{"text":"{{i}}"}"""));
        }

        foreach (var writer in writers)
        {
            await writer.DisposeAsync();
        }
    }

    [Fact]
    public async Task MarkRunningAsync_CancelledWhileQueued_IsNotWrittenAndSaysItWasCancelled()
    {
        var run = await NewRunAsync();
        using var cancel = new CancellationTokenSource();
        Task marking;
        await using (await HoldWriterAsync())
        {
            marking = Store.MarkRunningAsync(run.Id, cancel.Token);
            await cancel.CancelAsync();
            await Should.ThrowAsync<OperationCanceledException>(() => marking);
        }

        (await Store.FindRunAsync(run.Id))!.Status.ShouldBe(RunStatus.Pending);
    }

    [Fact]
    public async Task StartRunWritingAsync_WhileTheWriterIsBusy_ReturnsAtOnce_AndTheRunsWritesCommitWithOrAfterItsRow()
    {
        var evaluations = new EvaluationStore(Store, Time);
        var evaluation = Guid.NewGuid();
        await evaluations.StartAsync(new EvaluationRecord(evaluation, "pack", "/suites/pack", "/out", ["default"], 1, 1, "running", 0, 0, 0m, Time.GetUtcNow(), null));

        RunRecord run;
        ITraceWriter writer;
        Task tagged, completed, flushed;
        await using (await HoldWriterAsync())
        {
            // The writer is busy: a start that waited for its row could not return before the hold is released.
            (run, writer) = await Store.StartRunWritingAsync(new RunSpec("fix the parser", "software", "default", "/tmp/ws", RunBudget.Unlimited));
            writer.Append(new NewEvent(EventKind.Status, "orchestrator", """{"status":"running"}"""));
            writer.Append(new NewEvent(EventKind.Message, "planner", """{"text":"plan"}"""));
            tagged = evaluations.TagRunAsync(run.Id, evaluation, "task-1#1");
            flushed = writer.FlushAsync();
            completed = Store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "verified", RunUsage.None);
            tagged.IsCompleted.ShouldBeFalse("nothing is committed while the writer is held");
            (await Store.FindRunAsync(run.Id)).ShouldBeNull("the run's row is still queued");
        }

        await Task.WhenAll(tagged, flushed, completed);
        await writer.DisposeAsync();
        var stored = (await Store.FindRunAsync(run.Id)).ShouldNotBeNull();
        stored.Status.ShouldBe(RunStatus.Succeeded);
        stored.Owner.ShouldNotBeNull().ProcessId.ShouldBe(Environment.ProcessId);
        (await Store.ReadEventsAsync(run.Id)).Select(e => e.Sequence).ShouldBe([1L, 2L]);
        (await evaluations.RunsAsync(evaluation)).Select(r => r.Run.Id).ShouldBe([run.Id]);
    }

    [Fact]
    public async Task StartRunWritingAsync_ARunWhoseRowDoesNotFit_ItsFlushSaysTheRunCouldNotBeCreated()
    {
        await NewRunAsync();
        await Store.DisposeAsync();
        var size = new FileInfo(DatabasePath).Length;
        await using var capped = await TraceStore.OpenAsync(new TraceStoreOptions { Home = Home, MaxDatabaseBytes = size + 65536 }, Time);

        var (run, writer) = await capped.StartRunWritingAsync(new RunSpec(new string('g', 400_000), "software", "default", "/tmp/ws", RunBudget.Unlimited));
        await using (writer)
        {
            writer.Append(new NewEvent(EventKind.Status, "orchestrator", """{"status":"running"}"""));
            var failure = await Should.ThrowAsync<InvalidOperationException>(() => writer.FlushAsync());
            failure.Message.ShouldContain($"the run {run.Id} could not be created in the store");
            failure.Message.ShouldContain("full");
        }

        (await capped.FindRunAsync(run.Id)).ShouldBeNull();
    }

    /// <summary>
    /// Keeps the store's writer inside a write until the returned handle is disposed: everything queued meanwhile goes in
    /// the next group.
    /// </summary>
    private async Task<IAsyncDisposable> HoldWriterAsync(TraceStore? store = null)
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new ManualResetEventSlim();
        var held = (store ?? Store).WriteAsync(
            (write, ct) =>
            {
                entered.TrySetResult();
                release.Wait(CancellationToken.None);
                return Task.FromResult(0);
            },
            urgent: false,
            CancellationToken.None);
        await entered.Task;
        return new Release(async () =>
        {
            release.Set();
            await held;
            release.Dispose();
        });
    }

    private async Task<long> CountEventsFromANewConnectionAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM events";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private sealed class Release(Func<Task> release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await release();
    }
}
