using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests;

public sealed class RunsApiTests : IAsyncLifetime
{
    private RunningServer _server = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await RunningServer.StartAsync();
        _client = _server.Client(ApiKeyRole.Viewer);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GetRun_ReturnsTheRunWithTheCliJsonNames()
    {
        var run = await _server.SeedRunAsync("make the tests pass", events: 3);
        var json = await GetJsonAsync($"/v1/runs/{run.Id}");
        json.GetProperty("run_id").GetGuid().ShouldBe(run.Id);
        json.GetProperty("goal").GetString().ShouldBe("make the tests pass");
        json.GetProperty("status").GetString().ShouldBe("succeeded");
        json.GetProperty("success").GetBoolean().ShouldBeTrue();
        json.GetProperty("event_count").GetInt64().ShouldBe(3);
        json.GetProperty("usage").GetProperty("tokens_out").GetInt64().ShouldBe(20);
    }

    [Fact]
    public async Task GetRun_Unknown_Is404Problem_AndMalformedId_Is400NamingId()
    {
        await (await _client.GetAsync($"/v1/runs/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        await (await _client.GetAsync("/v1/runs/not-a-uuid")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "id");
    }

    [Fact]
    public async Task ListRuns_PagesWithCursor_NewestFirst_WithoutGapsOrRepeats()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 7; i++)
        {
            ids.Add((await _server.SeedRunAsync($"goal {i}", events: 1)).Id);
        }

        var seen = new List<(Guid Id, DateTimeOffset CreatedAt)>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await GetJsonAsync("/v1/runs?limit=3" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(r => (r.GetProperty("run_id").GetGuid(), r.GetProperty("created_at").GetDateTimeOffset())));
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null);

        // Runs created within one millisecond have no order between them but (created_at, id) keeps pages stable.
        pages.ShouldBe(3);
        seen.Select(s => s.Id).ShouldBe(ids, ignoreOrder: true);
        seen.Select(s => s.Id).Distinct().Count().ShouldBe(7);
        seen.Select(s => s.CreatedAt).ShouldBeInOrder(SortDirection.Descending);
    }

    [Fact]
    public async Task ListRuns_FiltersByStatusAndTeam()
    {
        var stuck = await _server.SeedRunAsync(status: RunStatus.Stuck);
        await _server.SeedRunAsync(status: RunStatus.Succeeded);
        var physics = await _server.SeedRunAsync(team: "physics");

        var byStatus = await GetJsonAsync("/v1/runs?status=stuck");
        byStatus.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("run_id").GetGuid()).ShouldBe([stuck.Id]);
        var byTeam = await GetJsonAsync("/v1/runs?team=physics");
        byTeam.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("run_id").GetGuid()).ShouldBe([physics.Id]);
    }

    [Fact]
    public async Task ListRuns_BadFilters_Are400NamingEachField()
    {
        await (await _client.GetAsync("/v1/runs?status=sleeping&limit=0&cursor=zzz")).ShouldBeProblemAsync(
            HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "status", "limit", "cursor");
        await (await _client.GetAsync("/v1/runs?limit=ten")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "limit");
    }

    [Fact]
    public async Task Events_PageAfterSeq_InOrder()
    {
        var run = await _server.SeedRunAsync(events: 5);
        var first = await GetJsonAsync($"/v1/runs/{run.Id}/events?limit=2");
        first.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ShouldBe([1L, 2L]);
        first.GetProperty("next_after_seq").GetInt64().ShouldBe(2);
        first.GetProperty("items")[0].GetProperty("payload").GetProperty("text").GetString().ShouldBe("step 1");

        var rest = await GetJsonAsync($"/v1/runs/{run.Id}/events?after_seq=2&limit=10");
        rest.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("seq").GetInt64()).ShouldBe([3L, 4L, 5L]);
        rest.GetProperty("next_after_seq").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Fact]
    public async Task Stream_FollowsLiveEvents_AndResumesWithLastEventId()
    {
        var run = await _server.SeedRunAsync(events: 2, status: RunStatus.Running);

        // First connection: read the two recorded events, then one appended while following, then drop.
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run.Id}/events/stream"))
        using (var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            (await ReadEventAsync(reader)).Id.ShouldBe("1");
            (await ReadEventAsync(reader)).Id.ShouldBe("2");

            await AppendAsync(run.Id, "live 3");
            var live = await ReadEventAsync(reader);
            live.Id.ShouldBe("3");
            JsonDocument.Parse(live.Data).RootElement.GetProperty("payload").GetProperty("text").GetString().ShouldBe("live 3");
        }

        // Events written while no one listened are delivered on reconnect, none twice; the stream ends with the run.
        await AppendAsync(run.Id, "missed 4");
        await _server.Store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "done", new RunUsage(0, 0, 0, 4, TimeSpan.Zero));
        using var resume = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run.Id}/events/stream");
        resume.Headers.Add("Last-Event-ID", "3");
        using var resumed = await _client.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        var rest = await resumed.Content.ReadAsStringAsync();
        var ids = rest.Split('\n').Where(l => l.StartsWith("id: ", StringComparison.Ordinal)).Select(l => l[4..]).ToList();
        ids.ShouldBe(["4"]);
        rest.ShouldContain("missed 4");
    }

    [Fact]
    public async Task Plan_ReturnsTheItems()
    {
        var run = await _server.SeedRunAsync();
        var plan = await GetJsonAsync($"/v1/runs/{run.Id}/plan");
        var item = plan.GetProperty("items").EnumerateArray().Single();
        item.GetProperty("text").GetString().ShouldBe("reproduce");
        item.GetProperty("status").GetString().ShouldBe("done");
    }

    [Fact]
    public async Task Diff_ReturnsThePatch_AndA404ProblemWhenTheRunChangedNothing()
    {
        var run = await _server.SeedRunAsync(patch: "diff --git a/f.py b/f.py\n+fixed\n");
        var response = await _client.GetAsync($"/v1/runs/{run.Id}/diff");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/x-diff");
        (await response.Content.ReadAsStringAsync()).ShouldBe("diff --git a/f.py b/f.py\n+fixed\n");

        var unchanged = await _server.SeedRunAsync(patch: null);
        await (await _client.GetAsync($"/v1/runs/{unchanged.Id}/diff")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
    }

    [Fact]
    public async Task Artifact_IsContentAddressed_WithETag304AndRanges()
    {
        var run = await _server.SeedRunAsync(patch: "0123456789abcdef");
        var list = await GetJsonAsync($"/v1/runs/{run.Id}/artifacts");
        var artifact = list.GetProperty("items").EnumerateArray().Single();
        var sha = artifact.GetProperty("sha256").GetString()!;
        artifact.GetProperty("size").GetInt64().ShouldBe(16);

        var full = await _client.GetAsync($"/v1/runs/{run.Id}/artifacts/{sha}");
        full.StatusCode.ShouldBe(HttpStatusCode.OK);
        full.Headers.ETag!.Tag.ShouldBe($"\"{sha}\"");
        (await full.Content.ReadAsStringAsync()).ShouldBe("0123456789abcdef");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run.Id}/artifacts/{sha}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue($"\"{sha}\""));
        (await _client.SendAsync(conditional)).StatusCode.ShouldBe(HttpStatusCode.NotModified);

        using var ranged = new HttpRequestMessage(HttpMethod.Get, $"/v1/runs/{run.Id}/artifacts/{sha}");
        ranged.Headers.Range = new RangeHeaderValue(4, 7);
        var part = await _client.SendAsync(ranged);
        part.StatusCode.ShouldBe(HttpStatusCode.PartialContent);
        (await part.Content.ReadAsStringAsync()).ShouldBe("4567");

        await (await _client.GetAsync($"/v1/runs/{run.Id}/artifacts/{new string('0', 64)}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        await (await _client.GetAsync($"/v1/runs/{run.Id}/artifacts/XYZ")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "sha256");
    }

    private async Task AppendAsync(Guid runId, string text)
    {
        await using var writer = await _server.Store.OpenWriterAsync(runId);
        writer.Append(new Leviathan.Core.Tracing.NewEvent(Leviathan.Core.Tracing.EventKind.Thought, "engineer", JsonSerializer.Serialize(new Dictionary<string, string> { ["text"] = text })));
        await writer.FlushAsync();
    }

    private static async Task<(string Id, string Data)> ReadEventAsync(StreamReader reader)
    {
        string? id = null;
        string? data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && data is not null)
            {
                return (id!, data);
            }

            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        throw new EndOfStreamException("the event stream ended");
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await _client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
