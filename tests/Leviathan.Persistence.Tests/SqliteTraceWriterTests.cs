using Leviathan.Core.Tracing;
using Leviathan.Persistence.Tracing;
using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence.Tests;

/// <summary>The writer's guarantees that are about the SQLite file itself.</summary>
public sealed class SqliteTraceWriterTests : StoreTestBase
{
    [Fact]
    public async Task FlushAsync_Completes_OnlyWhenAnotherConnectionCanReadTheEvents()
    {
        var run = await NewRunAsync();
        await using var writer = await Store.OpenWriterAsync(run.Id);
        for (var i = 0; i < 100; i++)
        {
            writer.Append(new NewEvent(EventKind.Thought, "planner", """{"text":"thinking"}"""));
        }

        await writer.FlushAsync();

        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM events";
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(100);
    }

    [Fact]
    public async Task FlushAsync_ManyRunsWritingAtOnce_EveryRunKeepsAllItsEventsAndItsPlan()
    {
        // Many runs share one SQLite file: their writers and the store's own writes take turns, none is lost or stuck.
        var runs = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => NewRunAsync($"run {i}")));

        await Task.WhenAll(runs.Select(run => Task.Run(async () =>
        {
            await using var writer = await Store.OpenWriterAsync(run.Id);
            for (var step = 0; step < 5; step++)
            {
                writer.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"step"}"""));
                writer.Append(new NewEvent(EventKind.Thought, "engineer", """{"text":"thinking"}"""));
                await writer.FlushAsync();
                await Store.SavePlanAsync(run.Id, [new Leviathan.Core.Plans.PlanItem("1", $"step {step}", Leviathan.Core.Plans.PlanItemStatus.InProgress)], null);
            }
        })));

        foreach (var run in runs)
        {
            (await Store.ReadEventsAsync(run.Id)).Select(e => e.Sequence).ShouldBe(Enumerable.Range(1, 10).Select(i => (long)i));
            (await Store.ReadPlanAsync(run.Id)).Single().Text.ShouldBe("step 4");
        }
    }

    [Fact]
    public async Task FlushAsync_WhenTheDatabaseIsFull_FailsLoudlyAndKeepsEverythingFlushedBefore()
    {
        var run = await NewRunAsync();
        await using (var writer = await Store.OpenWriterAsync(run.Id))
        {
            writer.Append(new NewEvent(EventKind.Message, "engineer", """{"content":"kept"}"""));
            await writer.FlushAsync();
        }

        // A size cap makes SQLite answer SQLITE_FULL exactly as a full disk does.
        var size = new FileInfo(DatabasePath).Length;
        await using var capped = await TraceStore.OpenAsync(new TraceStoreOptions { Home = Home, MaxDatabaseBytes = size + 16384 }, Time);
        await using var full = await capped.OpenWriterAsync(run.Id);
        var big = "{\"content\":\"" + new string('y', 50_000) + "\"}";
        for (var i = 0; i < 50; i++)
        {
            full.Append(new NewEvent(EventKind.Message, "engineer", big));
        }

        var failure = await Should.ThrowAsync<InvalidOperationException>(() => full.FlushAsync());
        failure.Message.ShouldContain("full");
        Should.Throw<InvalidOperationException>(() => full.Append(new NewEvent(EventKind.Message, "engineer", "{}")));

        var stored = await Store.ReadEventsAsync(run.Id);
        stored.Count.ShouldBe(1);
        stored[0].PayloadJson.ShouldContain("kept");
    }
}
