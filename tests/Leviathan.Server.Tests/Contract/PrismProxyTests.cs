using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Leviathan.Persistence.Keys;
using Leviathan.Server.Tests.Workspaces;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Contract;

/// <summary>
/// The second, independent contract check: an end-to-end session (queue a run that a scripted model solves on an
/// uploaded workspace, follow its job, read it back, cancel it too late, page and fail) goes through Prism's validating
/// proxy with the committed document. Any request or response that breaks the document is a violation, and there must be none.
/// </summary>
public sealed class PrismProxyTests
{
    [Fact]
    public async Task EndToEndTraffic_ThroughPrismProxy_HasNoContractViolations()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Enqueue(ExampleTask.Script());
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        await using var prism = await PrismProxy.StartAsync(server.Address);
        using var client = new HttpClient { BaseAddress = prism.Address, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", server.Keys[ApiKeyRole.Operator]);
        var checkedResponses = 0;

        async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
        {
            using var request = new HttpRequestMessage(method, path) { Content = content };
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            response.Headers.TryGetValues("sl-violations", out var violations).ShouldBeFalse($"{method} {path}: {string.Join(' ', violations ?? [])} {body}");
            response.StatusCode.ShouldBe(expected, $"{method} {path}: {body}");
            checkedResponses++;
            return response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true ? JsonDocument.Parse(body).RootElement.Clone() : default;
        }

        var files = Directory.GetFiles(Path.Combine(RepositoryFiles.Example, "project")).Select(f => Archives.File(Path.GetFileName(f), File.ReadAllText(f))).ToArray();
        var archive = new ByteArrayContent(Archives.Build(files));
        archive.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");

        // Prism 5.16's proxy re-encodes a binary request body as text, which corrupts any gzip: the upload goes to the server directly.
        using var direct = server.Client(ApiKeyRole.Operator);
        var uploaded = await direct.PostAsync("/v1/workspaces/archive", archive);
        uploaded.StatusCode.ShouldBe(HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
        var workspace = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync()).RootElement.GetProperty("workspace").GetString()!;

        var job = await SendAsync(
            HttpMethod.Post,
            "/v1/runs",
            JobPolling.Json($$"""{"goal":{{JobPolling.Quote(ExampleTask.Goal)}},"workspace":{{JobPolling.Quote(workspace)}},"verify_command":{{JobPolling.Quote(ExampleTask.Verify)}},"max_steps":30}"""),
            HttpStatusCode.Accepted);
        var jobId = job.GetProperty("id").GetString();
        for (var poll = 0; poll < 10 && job.GetProperty("state").GetString() != "done"; poll++)
        {
            job = await SendAsync(HttpMethod.Get, $"/v1/jobs/{jobId}?wait_seconds=30", null, HttpStatusCode.OK);
        }

        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());
        var runId = job.GetProperty("run_id").GetString();
        await SendAsync(HttpMethod.Get, $"/v1/runs/{runId}", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, "/v1/runs?limit=5&status=succeeded", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, $"/v1/runs/{runId}/events?limit=3", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, $"/v1/runs/{runId}/plan", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, $"/v1/runs/{runId}/diff", null, HttpStatusCode.OK);
        var artifacts = await SendAsync(HttpMethod.Get, $"/v1/runs/{runId}/artifacts", null, HttpStatusCode.OK);
        var sha = artifacts.GetProperty("items")[0].GetProperty("sha256").GetString();
        await SendAsync(HttpMethod.Get, $"/v1/runs/{runId}/artifacts/{sha}", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"/v1/runs/{runId}/cancel", null, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Get, $"/v1/runs/{Guid.NewGuid()}", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, "/readyz", null, HttpStatusCode.OK);

        // A generation queued and cancelled at once, read back; a physics attempt on a benchmark outside the roots.
        var generation = await SendAsync(HttpMethod.Post, "/v1/physics/generations", JobPolling.Json("""{"count":1,"seed":3,"family":"push"}"""), HttpStatusCode.Accepted);
        var generationId = generation.GetProperty("job").GetProperty("id").GetString();
        await SendAsync(HttpMethod.Post, $"/v1/jobs/{generationId}/cancel", null, HttpStatusCode.Accepted);
        var cancelled = await SendAsync(HttpMethod.Get, $"/v1/physics/generations/{generationId}?wait_seconds=30", null, HttpStatusCode.OK);
        cancelled.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("cancelled");
        await SendAsync(HttpMethod.Get, $"/v1/physics/generations/{generationId}/archive", null, HttpStatusCode.Conflict);
        await SendAsync(HttpMethod.Post, "/v1/physics/attempts", JobPolling.Json("""{"benchmark":"/etc/leviathan/benchmark.json","samples":2}"""), HttpStatusCode.UnprocessableEntity);

        // An evaluation of a one-task pack that the scripted model resolves, followed to the end and read back.
        model.Enqueue(
            FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() for negative numbers", status = "pending" } } }),
            FakeReply.ToolCall("write_file", new { path = "calc.py", content = Evaluations.TinyPack.FixedCalc }),
            FakeReply.ToolCall("finish", new { summary = "add() now returns a + b." }),
            FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The verification passed." } }));
        var pack = Evaluations.TinyPack.WriteTo(server.WorkspaceRoot, "tiny-pack");
        var configuration = Path.Combine(server.WorkspaceRoot, "steps.yaml");
        File.WriteAllText(configuration, "max_steps: 30\n");
        var evaluation = await SendAsync(
            HttpMethod.Post,
            "/v1/evaluations",
            JobPolling.Json($$"""{"suite":{{JobPolling.Quote(pack)}},"tasks":"negative-*","configurations":[{"name":"steps","file":{{JobPolling.Quote(configuration)}}}]}"""),
            HttpStatusCode.Accepted);
        var evaluationId = evaluation.GetProperty("job").GetProperty("id").GetString();
        for (var poll = 0; poll < 10 && evaluation.GetProperty("job").GetProperty("state").GetString() != "done"; poll++)
        {
            evaluation = await SendAsync(HttpMethod.Get, $"/v1/evaluations/{evaluationId}?wait_seconds=30", null, HttpStatusCode.OK);
        }

        evaluation.GetProperty("progress").GetProperty("succeeded").GetInt32().ShouldBe(1, evaluation.ToString());
        var results = await SendAsync(HttpMethod.Get, $"/v1/evaluations/{evaluationId}/results", null, HttpStatusCode.OK);
        results.GetProperty("summary").GetProperty("configurations")[0].GetProperty("name").GetString().ShouldBe("steps");
        await SendAsync(HttpMethod.Get, $"/v1/evaluations/{evaluationId}/report?format=md", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, $"/v1/evaluations/{evaluationId}/report?format=html", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, $"/v1/evaluations/{evaluationId}/plots/success-rate.png", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Get, "/v1/evaluations?limit=5", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, "/v1/evaluations", JobPolling.Json("""{"suite":"/etc/leviathan/pack"}"""), HttpStatusCode.UnprocessableEntity);

        checkedResponses.ShouldBeGreaterThan(10);
    }
}
