using System.Net;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests;

/// <summary>
/// A client following a quiet run: the stream opens at once (status and headers before any event) and stays alive with
/// comment lines, so curl shows the response and proxies with idle timeouts keep the connection.
/// </summary>
public sealed class StreamHeartbeatTests
{
    // Only a guard: a broken stream fails the test instead of hanging it; a working one answers in milliseconds.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stream_OfARunWithNoEventsYet_SendsStatusAndHeadersBeforeAnyEvent()
    {
        // No heartbeat for an hour and no event at all: the headers can only have come from opening the stream.
        await using var server = await RunningServer.StartAsync(o => o with { StreamHeartbeat = TimeSpan.FromHours(1) });
        var run = await server.SeedRunAsync(events: 0, status: RunStatus.Running);
        using var client = server.Client(ApiKeyRole.Viewer);
        using var cancel = new CancellationTokenSource(Patience);

        using var response = await client.GetAsync($"/v1/runs/{run.Id}/events/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        (await server.Store.ReadEventsAsync(run.Id, cancel.Token)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Stream_OfAQuietRun_SendsKeepAliveComments_AndThenTheEventsThatCome()
    {
        await using var server = await RunningServer.StartAsync(o => o with { StreamHeartbeat = TimeSpan.FromMilliseconds(20) });
        var run = await server.SeedRunAsync(events: 0, status: RunStatus.Running);
        using var client = server.Client(ApiKeyRole.Viewer);
        using var cancel = new CancellationTokenSource(Patience);
        using var response = await client.GetAsync($"/v1/runs/{run.Id}/events/stream", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));

        (await reader.ReadLineAsync(cancel.Token)).ShouldBe(": keep-alive");
        (await reader.ReadLineAsync(cancel.Token)).ShouldBe(string.Empty);

        await using (var writer = await server.Store.OpenWriterAsync(run.Id, cancel.Token))
        {
            writer.Append(new NewEvent(EventKind.Thought, "engineer", JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = "after a quiet while" })));
            await writer.FlushAsync(cancel.Token);
        }

        // Comments may come before it; the event itself arrives whole, as every event does.
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancel.Token) is { } line && line != "id: 1")
        {
            if (!line.StartsWith(':') && line.Length > 0)
            {
                lines.Add(line);
            }
        }

        lines.ShouldBe(["event: event", lines[1]]);
        lines[1].ShouldStartWith("data: {");
        JsonDocument.Parse(lines[1][6..]).RootElement.GetProperty("seq").GetInt64().ShouldBe(1);
        lines[1].ShouldContain("after a quiet while");

        await server.Store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "done", new RunUsage(0, 0, 0, 1, TimeSpan.Zero), cancel.Token);
        (await reader.ReadToEndAsync(cancel.Token)).ShouldNotContain("id: ");
    }
}
