using System.Net;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence;
using Leviathan.Persistence.Keys;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Server.Tests;

/// <summary>
/// How a live event stream learns of new events: from the store's in-process feed when the run's writer is in the
/// server's process, by polling the store when it is elsewhere (another process sharing the database).
/// </summary>
public sealed class LiveStreamTests
{
    // Generous: a broken stream fails the test instead of hanging it; a working one answers in milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stream_WithTheWriterInTheServersProcess_DeliversEveryCommittedEventWithoutPolling_AndEndsWithTheRun()
    {
        // An hour between looks at the store: every event below can only have come through the feed.
        await using var server = await RunningServer.StartAsync(o => o with { StreamPollInterval = TimeSpan.FromHours(1) });
        var run = await server.SeedRunAsync(events: 1, status: RunStatus.Running);
        using var client = server.Client(ApiKeyRole.Viewer);
        using var cancel = new CancellationTokenSource(Patience);
        using var response = await client.GetAsync($"/v1/runs/{run.Id}/events/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        (await ReadIdAsync(reader, cancel.Token)).ShouldBe("1");

        await using (var writer = await server.Store.OpenWriterAsync(run.Id, cancel.Token))
        {
            writer.Append(Thought("live 2"));
            await writer.FlushAsync(cancel.Token);
            (await ReadIdAsync(reader, cancel.Token)).ShouldBe("2");

            for (var i = 3; i <= 5; i++)
            {
                writer.Append(Thought($"live {i}"));
            }

            await writer.FlushAsync(cancel.Token);
            (await ReadIdAsync(reader, cancel.Token)).ShouldBe("3");
            (await ReadIdAsync(reader, cancel.Token)).ShouldBe("4");
            (await ReadIdAsync(reader, cancel.Token)).ShouldBe("5");
        }

        await server.Store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "done", new RunUsage(0, 0, 0, 5, TimeSpan.Zero), cancel.Token);
        (await reader.ReadToEndAsync(cancel.Token)).ShouldNotContain("id: ");
    }

    [Fact]
    public async Task Stream_WithTheWriterInAnotherProcess_DeliversByPolling_AndResumesWithLastEventId()
    {
        await using var server = await RunningServer.StartAsync();
        var run = await server.SeedRunAsync(events: 1, status: RunStatus.Running);

        // A second store object over the same database is what another process (a CLI run, another server) has.
        await using var elsewhere = await TraceStore.OpenAsync(new TraceStoreOptions { Home = server.Home }, TimeProvider.System);
        using var client = server.Client(ApiKeyRole.Viewer);
        using var cancel = new CancellationTokenSource(Patience);
        using (var response = await client.GetAsync($"/v1/runs/{run.Id}/events/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
            (await ReadIdAsync(reader, cancel.Token)).ShouldBe("1");
            await using var writer = await elsewhere.OpenWriterAsync(run.Id, cancel.Token);
            writer.Append(Thought("from elsewhere 2"));
            await writer.FlushAsync(cancel.Token);
            (await ReadIdAsync(reader, cancel.Token)).ShouldBe("2");
            writer.Append(Thought("missed 3"));
            await writer.FlushAsync(cancel.Token);
        }

        await elsewhere.CompleteRunAsync(run.Id, RunStatus.Succeeded, "done", new RunUsage(0, 0, 0, 3, TimeSpan.Zero), cancel.Token);
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run.Id}/events/stream");
        resume.Headers.Add("Last-Event-ID", "2");
        using var resumed = await client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        resumed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rest = await resumed.Content.ReadAsStringAsync(cancel.Token);
        rest.Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).ShouldBe(["id: 3"]);
        rest.ShouldContain("missed 3");
    }

    private static NewEvent Thought(string text) =>
        new(EventKind.Thought, "engineer", JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text }));

    private static async Task<string> ReadIdAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                return line[4..];
            }
        }

        throw new EndOfStreamException("the event stream ended before the next event");
    }
}
