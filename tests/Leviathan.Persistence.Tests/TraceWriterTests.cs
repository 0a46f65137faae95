using Leviathan.Core.Runs;
using Leviathan.Persistence.Tracing;
using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tests;

/// <summary>The writer's contract on every provider; PostgresTraceWriterTests runs these against PostgreSQL.</summary>
public class TraceWriterTests : StoreTestBase
{
    [Fact]
    public async Task Append_ManyEvents_AreStoredGapFreeInOrderWithTheirTree()
    {
        var run = await NewRunAsync();
        await using (var writer = await Store.OpenWriterAsync(run.Id))
        {
            var message = writer.Append(new NewEvent(EventKind.Message, "engineer", """{"role":"assistant","content":"I will run the tests"}"""));
            var call = writer.Append(new NewEvent(EventKind.ToolCall, "engineer", """{"call_id":"c1","name":"run_command","arguments":{"command":"pytest"}}""", ParentId: message.Id));
            writer.Append(new NewEvent(EventKind.ToolResult, "engineer", """{"call_id":"c1","is_error":true,"text":"1 failed"}""", ParentId: call.Id, Duration: TimeSpan.FromMilliseconds(1234.5)));
            for (var i = 0; i < 2000; i++)
            {
                writer.Append(new NewEvent(EventKind.Metric, "orchestrator", $$"""{"name":"tick","value":{{i}}}"""));
            }

            await writer.FlushAsync();
        }

        var events = await Store.ReadEventsAsync(run.Id);
        events.Count.ShouldBe(2003);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 2003).Select(i => (long)i));
        events[1].ParentId.ShouldBe(events[0].Id);
        events[2].ParentId.ShouldBe(events[1].Id);
        events[2].Kind.ShouldBe(EventKind.ToolResult);
        events[2].Duration.ShouldBe(TimeSpan.FromMilliseconds(1234.5));
        events[2].PayloadJson.ShouldBe("""{"call_id":"c1","is_error":true,"text":"1 failed"}""");
        events[^1].PayloadJson.ShouldBe("""{"name":"tick","value":1999}""");
        (await Store.FindRunAsync(run.Id))!.EventCount.ShouldBe(2003);
    }

    [Fact]
    public async Task FlushAsync_FromConcurrentSteps_EachSeesItsOwnEventsStoredAndTheSequenceStaysGapFree()
    {
        var run = await NewRunAsync();
        await using var writer = await Store.OpenWriterAsync(run.Id);
        var late = 0;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var step = 0; step < 50; step++)
            {
                TraceEvent last = null!;
                for (var i = 0; i < 5; i++)
                {
                    last = writer.Append(new NewEvent(EventKind.Metric, $"worker-{worker}", $$"""{"name":"step","value":{{step}}}"""));
                }

                await writer.FlushAsync();
                var stored = await Store.ReadEventsAsync(run.Id);
                if (!stored.Any(e => e.Id == last.Id))
                {
                    Interlocked.Increment(ref late);
                }
            }
        })));

        late.ShouldBe(0, "a flush returned before its events were readable");
        var events = await Store.ReadEventsAsync(run.Id);
        events.Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 1000).Select(i => (long)i));
        events.GroupBy(e => e.Role).Select(g => g.Count()).ShouldAllBe(count => count == 250);
    }

    [Fact]
    public async Task OpenWriterAsync_ForARunWithEvents_ContinuesItsSequence()
    {
        var run = await NewRunAsync();
        await using (var first = await Store.OpenWriterAsync(run.Id))
        {
            first.Append(new NewEvent(EventKind.Status, "orchestrator", """{"status":"running"}"""));
            first.Append(new NewEvent(EventKind.Message, "planner", """{"role":"assistant","content":"plan"}"""));
            await first.FlushAsync();
        }

        await using (var resumed = await Store.OpenWriterAsync(run.Id))
        {
            resumed.Append(new NewEvent(EventKind.Message, "engineer", """{"role":"assistant","content":"resumed"}""")).Sequence.ShouldBe(3);
            await resumed.FlushAsync();
        }

        (await Store.ReadEventsAsync(run.Id)).Select(e => e.Sequence).ShouldBe([1L, 2L, 3L]);
    }

    [Fact]
    public async Task DisposeAsync_WithoutFlush_StillWritesWhatWasAppended()
    {
        var run = await NewRunAsync();
        await using (var writer = await Store.OpenWriterAsync(run.Id))
        {
            writer.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"last words"}"""));
        }

        (await Store.ReadEventsAsync(run.Id)).Single().PayloadJson.ShouldContain("last words");
    }

    [Fact]
    public async Task OpenWriterAsync_UnknownRun_SaysThereIsNoSuchRun()
    {
        var missing = Guid.CreateVersion7();
        var ex = await Should.ThrowAsync<TraceStoreException>(() => Store.OpenWriterAsync(missing));
        ex.Message.ShouldContain(missing.ToString());
    }
}
