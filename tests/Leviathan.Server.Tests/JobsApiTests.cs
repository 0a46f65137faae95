using System.Net;
using System.Text;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests;

/// <summary>Runs queued over HTTP become durable jobs that the server's workers take, launch through the library launcher and end with a reason.</summary>
public sealed class JobsApiTests
{
    [Fact]
    public async Task CreateRun_Queues_202WithLocation_AndTheWorkerEndsTheJobWithTheLaunchersReason()
    {
        await using var server = await RunningServer.StartAsync();
        var workspace = Directory.CreateDirectory(Path.Combine(server.WorkspaceRoot, "project")).FullName;
        using var client = server.Client(ApiKeyRole.Operator);

        var response = await client.PostAsync("/v1/runs", Json($$"""{"goal":"make the tests pass","workspace":"{{workspace}}","max_steps":5}"""));

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!.ToString();
        location.ShouldStartWith("/v1/jobs/");

        // The server has no model profiles configured: the launcher refuses the run, and the job says so instead of vanishing.
        var job = await WaitDoneAsync(client, location);
        job.GetProperty("outcome").GetString().ShouldBe("error");
        job.GetProperty("reason").GetString()!.ShouldContain("model");
        job.GetProperty("attempts").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task CreateRun_WorkspaceOutsideTheRoots_Is422_AndViewerIs403()
    {
        await using var server = await RunningServer.StartAsync();
        using var operatorClient = server.Client(ApiKeyRole.Operator);
        await (await operatorClient.PostAsync("/v1/runs", Json("""{"goal":"x","workspace":"/etc"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");
        await (await operatorClient.PostAsync("/v1/runs", Json("""{"goal":"x","workspace":"relative/path","max_steps":0}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "workspace", "max_steps");

        using var viewer = server.Client(ApiKeyRole.Viewer);
        await (await viewer.PostAsync("/v1/runs", Json("""{"goal":"x","workspace":"/etc"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
    }

    [Fact]
    public async Task CreateRun_OverThePerKeyCap_Is429QueueFull()
    {
        await using var server = await RunningServer.StartAsync(o => o with { MaxUnfinishedJobsPerKey = 1, Workers = 1, JobPollInterval = TimeSpan.FromHours(1) });
        var workspace = Directory.CreateDirectory(Path.Combine(server.WorkspaceRoot, "p")).FullName;
        var operatorKey = await server.KeyStore.AuthenticateAsync(server.Keys[ApiKeyRole.Operator]);

        // One unfinished job of this key already sits in the queue, held by a worker of another server.
        var jobs = new JobStore(server.Store, TimeProvider.System);
        var held = await jobs.EnqueueAsync("software_run", "{}", operatorKey!.Id, 3);
        (await jobs.LeaseNextAsync("another-server", TimeSpan.FromHours(1)))!.Job.Id.ShouldBe(held.Id);

        using var client = server.Client(ApiKeyRole.Operator);
        await (await client.PostAsync("/v1/runs", Json($$"""{"goal":"x","workspace":"{{workspace}}"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.TooManyRequests, "urn:leviathan:problem:queue-full");
    }

    [Fact]
    public async Task Restart_JobOfADeadServerOutOfAttempts_IsEndedErrorWithItsRun_NotDropped()
    {
        Guid jobId = default, runId = default;
        await using var server = await RunningServer.StartAsync(before: async store =>
        {
            // A server died while running this job for the last allowed time: its lease ran out, its run stayed 'running'.
            var run = await store.CreateRunAsync(new RunSpec("goal", "software", "default", "/tmp/ws"));
            await store.MarkRunningAsync(run.Id);
            var jobs = new JobStore(store, TimeProvider.System);
            var job = await jobs.EnqueueAsync("software_run", """{"goal":"goal","workspace":"/tmp/ws"}""", null, 1);
            await jobs.LeaseNextAsync("dead-server", TimeSpan.Zero);
            await jobs.SetRunAsync(job.Id, "dead-server", run.Id);
            (jobId, runId) = (job.Id, run.Id);
        });
        using var client = server.Client(ApiKeyRole.Viewer);

        var job = await WaitDoneAsync(client, $"/v1/jobs/{jobId}");

        job.GetProperty("outcome").GetString().ShouldBe("error");
        job.GetProperty("reason").GetString()!.ShouldContain("stopped 1 time(s) without finishing");
        var run = await server.Store.FindRunAsync(runId);
        run!.Status.ShouldBe(RunStatus.Error);
        run.Reason!.ShouldContain("without finishing");
    }

    [Fact]
    public async Task Restart_JobOfADeadServerWithAttemptsLeft_IsResumed_AndItsOldRunEndedWithTheReason()
    {
        Guid jobId = default, runId = default;
        await using var server = await RunningServer.StartAsync(before: async store =>
        {
            var run = await store.CreateRunAsync(new RunSpec("goal", "software", "default", "/tmp/ws"));
            await store.MarkRunningAsync(run.Id);
            var jobs = new JobStore(store, TimeProvider.System);
            var job = await jobs.EnqueueAsync("software_run", """{"goal":"goal","workspace":"/tmp/ws","verify_command":null,"profile":null,"max_steps":null}""", null, 3);
            await jobs.LeaseNextAsync("dead-server", TimeSpan.Zero);
            await jobs.SetRunAsync(job.Id, "dead-server", run.Id);
            (jobId, runId) = (job.Id, run.Id);
        });
        using var client = server.Client(ApiKeyRole.Viewer);

        var job = await WaitDoneAsync(client, $"/v1/jobs/{jobId}");

        job.GetProperty("attempts").GetInt32().ShouldBe(2, job.ToString());
        var old = await server.Store.FindRunAsync(runId);
        old!.Status.ShouldBe(RunStatus.Error);
        old.Reason!.ShouldContain($"job {jobId} resumes it (attempt 2)");
        job.GetProperty("reason").GetString()!.ShouldContain("/tmp/ws");
    }

    [Fact]
    public async Task Job_WithAnUnreadablePayload_IsEndedErrorWithTheReason()
    {
        Guid jobId = default;
        await using var server = await RunningServer.StartAsync(before: async store =>
            jobId = (await new JobStore(store, TimeProvider.System).EnqueueAsync("software_run", """{"goal":"g"}""", null, 3)).Id);
        using var client = server.Client(ApiKeyRole.Viewer);

        var job = await WaitDoneAsync(client, $"/v1/jobs/{jobId}");

        job.GetProperty("outcome").GetString().ShouldBe("error");
        job.GetProperty("reason").GetString()!.ShouldContain("payload cannot be read");
        job.GetProperty("attempts").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task GetJob_Unknown_Is404_BadWait_Is400()
    {
        await using var server = await RunningServer.StartAsync();
        using var client = server.Client(ApiKeyRole.Viewer);
        await (await client.GetAsync($"/v1/jobs/{Guid.NewGuid()}")).ShouldBeProblemAsync(HttpStatusCode.NotFound, "urn:leviathan:problem:not-found");
        await (await client.GetAsync($"/v1/jobs/{Guid.NewGuid()}?wait_seconds=61")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "wait_seconds");
    }

    private static Task<JsonElement> WaitDoneAsync(HttpClient client, string location) => JobPolling.WaitDoneAsync(client, location);

    private static StringContent Json(string body) => JobPolling.Json(body);
}
