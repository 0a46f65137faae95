using System.Net;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Keys;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Jobs;

/// <summary>Cancelling over HTTP: a queued job never starts, a running run ends 'cancelled' through its cancellation token, and a finished one is a 409.</summary>
public sealed class CancelApiTests
{
    [Fact]
    public async Task Cancel_QueuedJobNeverStarts_RunningRunEndsCancelled_Idempotent_AndAFinishedRunIs409()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var modelReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.RespondWith(_ =>
        {
            modelReached.TrySetResult();
            return FakeReply.Hang();
        });
        await using var server = await RunningServer.StartAsync(o => o with { Workers = 1 }, model: model.BaseUrl);
        using var client = server.Client(ApiKeyRole.Operator);
        var first = await QueueAsync(client, ExampleTask.CopyTo(server.WorkspaceRoot, "first"));

        // The one worker is inside the first run, waiting for the model: the second job stays queued.
        await modelReached.Task.WaitAsync(TimeSpan.FromMinutes(2));
        var second = await QueueAsync(client, ExampleTask.CopyTo(server.WorkspaceRoot, "second"));

        var queued = await client.PostAsync($"{second}/cancel", null);
        queued.StatusCode.ShouldBe(HttpStatusCode.Accepted, await queued.Content.ReadAsStringAsync());
        var secondJob = JsonDocument.Parse(await queued.Content.ReadAsStringAsync()).RootElement;
        secondJob.GetProperty("state").GetString().ShouldBe("done");
        secondJob.GetProperty("outcome").GetString().ShouldBe("cancelled");

        var runId = (await WaitForRunAsync(client, first)).ToString();
        var running = await client.PostAsync($"/v1/runs/{runId}/cancel", null);
        running.StatusCode.ShouldBe(HttpStatusCode.Accepted, await running.Content.ReadAsStringAsync());

        var firstJob = await JobPolling.WaitDoneAsync(client, first);
        firstJob.GetProperty("outcome").GetString().ShouldBe("cancelled", firstJob.ToString());
        var run = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}")).RootElement;
        run.GetProperty("status").GetString().ShouldBe("cancelled");
        run.GetProperty("reason").GetString()!.ShouldContain("cancelled through the API");
        var events = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/events?limit=500")).RootElement.GetProperty("items").EnumerateArray().ToList();
        events[^1].GetProperty("payload").GetProperty("status").GetString().ShouldBe("cancelled", "the trace is closed with the status");

        // The cancelled job never started: no run, no lease, and the model saw only the first run's request.
        var never = await JobPolling.WaitDoneAsync(client, second);
        never.GetProperty("attempts").GetInt32().ShouldBe(0);
        never.TryGetProperty("run_id", out var none).ShouldBeTrue();
        none.ValueKind.ShouldBe(JsonValueKind.Null);
        model.ChatRequests.Count.ShouldBe(1);

        // Asking again is harmless.
        (await client.PostAsync($"/v1/runs/{runId}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PostAsync($"{second}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // A run that ended otherwise cannot be cancelled; unknown ids are 404, and a viewer may not cancel.
        var finished = await server.SeedRunAsync(status: RunStatus.Succeeded);
        await (await client.PostAsync($"/v1/runs/{finished.Id}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:conflict");
        await (await client.PostAsync($"/v1/runs/{Guid.NewGuid()}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        await (await client.PostAsync($"/v1/jobs/{Guid.NewGuid()}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        using var viewer = server.Client(ApiKeyRole.Viewer);
        await (await viewer.PostAsync($"/v1/runs/{runId}/cancel", null)).ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
    }

    [Fact]
    public async Task Cancel_JobThatSucceeded_Is409_AndLeavesItSucceeded()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Enqueue(ExampleTask.Script());
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        using var client = server.Client(ApiKeyRole.Operator);
        var location = await QueueAsync(client, ExampleTask.CopyTo(server.WorkspaceRoot, "done"));
        var job = await JobPolling.WaitDoneAsync(client, location);
        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());

        var problem = await (await client.PostAsync($"/v1/runs/{job.GetProperty("run_id").GetGuid()}/cancel", null))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:conflict");

        problem.GetProperty("detail").GetString()!.ShouldContain("already ended succeeded");
        (await JobPolling.WaitDoneAsync(client, location)).GetProperty("outcome").GetString().ShouldBe("succeeded");
    }

    private static async Task<string> QueueAsync(HttpClient client, string workspace)
    {
        var response = await client.PostAsync(
            "/v1/runs",
            JobPolling.Json($$"""{"goal":{{JobPolling.Quote(ExampleTask.Goal)}},"workspace":{{JobPolling.Quote(workspace)}},"verify_command":{{JobPolling.Quote(ExampleTask.Verify)}}}"""));
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.ToString();
    }

    /// <summary>The run of a job that is running; the run id is recorded before the first model call, which the caller waited for.</summary>
    private static async Task<Guid> WaitForRunAsync(HttpClient client, string location)
    {
        var job = JsonDocument.Parse(await client.GetStringAsync(location)).RootElement;
        job.GetProperty("state").GetString().ShouldBe("running", job.ToString());
        return job.GetProperty("run_id").GetGuid();
    }
}
