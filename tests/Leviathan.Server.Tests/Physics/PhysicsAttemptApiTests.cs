using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Persistence.Keys;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Physics;

/// <summary>
/// <c>POST /v1/physics/attempts</c> end to end: the physics team over the one agent loop, run by the server's worker with
/// a scripted model, real OpenSCAD in bubblewrap, real MuJoCo and a real SQLite store, and read back like any run.
/// </summary>
public sealed class PhysicsAttemptApiTests
{
    [Fact]
    public async Task CreateAttempt_WithAScriptedModel_RunsToItsVerdict_AndItsEventsPlanEvaluationAndRendersAreReadable()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Enqueue([PhysicsScript.Plan(), .. PhysicsScript.WriteExample("ramp-to-goal"), .. PhysicsScript.CheckAndFinish()]);
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        var benchmark = CopyBenchmark(server, "ramp-to-goal");
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(benchmark)}},"samples":1,"max_steps":30}"""));

        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("kind").GetString().ShouldBe("physics_attempt");
        var job = await JobPolling.WaitDoneAsync(client, created.Headers.Location!.ToString());
        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());
        job.GetProperty("reason").GetString()!.ShouldContain("final evaluation SOLVED: passed: all");
        var runId = job.GetProperty("run_id").GetGuid();

        var run = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}")).RootElement;
        run.GetProperty("team").GetString().ShouldBe("physics");
        run.GetProperty("status").GetString().ShouldBe("succeeded");
        run.GetProperty("goal").GetString()!.ShouldContain("Solve the physics benchmark 'ramp-to-goal'");
        var solution = run.GetProperty("workspace").GetString()!;
        solution.ShouldStartWith(Path.Combine(server.WorkspaceRoot, "attempts") + "/");
        File.ReadAllText(Path.Combine(solution, "plank.scad")).ShouldBe(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "examples", "solutions", "ramp-to-goal", "plank.scad")));

        var events = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/events?limit=500")).RootElement.GetProperty("items").EnumerateArray().ToList();
        events.ShouldContain(e => e.GetProperty("kind").GetString() == "tool_result" && e.GetProperty("payload").GetProperty("name").GetString() == "validate_solution"
            && e.GetProperty("payload").GetProperty("text").GetString()!.StartsWith("VALID", StringComparison.Ordinal));
        events.ShouldContain(e => e.GetProperty("kind").GetString() == "tool_call" && e.GetProperty("payload").GetProperty("name").GetString() == "verdict");
        events[^1].GetProperty("payload").GetProperty("status").GetString().ShouldBe("succeeded");

        var plan = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/plan")).RootElement.GetProperty("items");
        plan.GetArrayLength().ShouldBe(2);

        var artifacts = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/artifacts")).RootElement.GetProperty("items").EnumerateArray().ToList();
        var evaluation = artifacts.Single(a => a.GetProperty("path").GetString() == "evaluation.json");
        evaluation.GetProperty("media_type").GetString().ShouldBe("application/json");
        var report = JsonNode.Parse(await client.GetStringAsync($"/v1/runs/{runId}/artifacts/{evaluation.GetProperty("sha256").GetString()}"))!;
        report["success"]!.GetValue<bool>().ShouldBeTrue();
        report["benchmark"]!.GetValue<string>().ShouldBe("ramp-to-goal");
        report["samples"]!.AsArray().Count.ShouldBeGreaterThan(1, "the nominal start, the sample and the jitter corners");
        var render = artifacts.Single(a => a.GetProperty("path").GetString() == "renders/cad-iso-env.png");
        render.GetProperty("media_type").GetString().ShouldBe("image/png");
        var png = await client.GetByteArrayAsync($"/v1/runs/{runId}/artifacts/{render.GetProperty("sha256").GetString()}");
        png[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        artifacts.Count(a => a.GetProperty("path").GetString()!.StartsWith("renders/filmstrip-", StringComparison.Ordinal)).ShouldBeGreaterThan(0, "the filmstrip of the nominal start");
    }

    [Fact]
    public async Task CreateAttempt_ServerStoppedDuringTheRun_NextStartResumesItFromItsTrace_AndReachesTheVerdict()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        FakeReply[] first = [PhysicsScript.Plan(), .. PhysicsScript.WriteExample("ramp-to-goal")];
        model.Enqueue(first);
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.RespondWith(_ =>
        {
            hung.TrySetResult();
            return FakeReply.Hang();
        });
        await using var server = await RunningServer.StartAsync(
            o => o with { Workers = 1, JobLease = TimeSpan.FromSeconds(2), JobHeartbeat = TimeSpan.FromMilliseconds(500) },
            model: model.BaseUrl);
        var benchmark = CopyBenchmark(server, "ramp-to-goal");
        string location;
        Guid firstRun;
        using (var client = server.Client(ApiKeyRole.Operator))
        {
            var created = await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(benchmark)}},"samples":1}"""));
            created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
            location = created.Headers.Location!.ToString();

            // The plan and the files are written; the next model call never answers.
            await hung.Task.WaitAsync(TimeSpan.FromMinutes(3));
            firstRun = JsonDocument.Parse(await client.GetStringAsync(location)).RootElement.GetProperty("run_id").GetGuid();
        }

        model.Enqueue(PhysicsScript.CheckAndFinish());
        await server.RestartAsync();
        using var restarted = server.Client(ApiKeyRole.Viewer);

        var job = await JobPolling.WaitDoneAsync(restarted, location);

        job.GetProperty("attempts").GetInt32().ShouldBe(2, job.ToString());
        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());
        job.GetProperty("reason").GetString()!.ShouldContain("final evaluation SOLVED");
        var resumed = JsonDocument.Parse(await restarted.GetStringAsync($"/v1/runs/{job.GetProperty("run_id").GetGuid()}")).RootElement;
        resumed.GetProperty("parent_run_id").GetGuid().ShouldBe(firstRun);
        resumed.GetProperty("team").GetString().ShouldBe("physics");
        var old = JsonDocument.Parse(await restarted.GetStringAsync($"/v1/runs/{firstRun}")).RootElement;
        old.GetProperty("status").GetString().ShouldNotBe("running");
        model.ChatRequests.Count.ShouldBe(first.Length + 1 + PhysicsScript.CheckAndFinish().Length, "the recorded steps were redone without the model; only the hung call was asked again");
    }

    [Fact]
    public async Task Restart_AttemptWhoseRunHadEndedBeforeItsServerDied_IsJudgedWithoutRunningAgain()
    {
        using var solution = new TempDirectory("leviathan-solution");
        foreach (var file in Directory.GetFiles(Path.Combine(RepositoryFiles.Root, "examples", "solutions", "ramp-to-goal")))
        {
            File.Copy(file, solution.Combine(Path.GetFileName(file)));
        }

        Guid jobId = default, runId = default;
        await using var server = await RunningServer.StartAsync(before: async store =>
        {
            // A server died while it judged this attempt: its run had ended, the job was still leased.
            var copy = Path.Combine(store.Options.Home, "server-attempts", "earlier");
            Directory.CreateDirectory(copy);
            File.Copy(PhysicsScript.Benchmark("ramp-to-goal"), Path.Combine(copy, "benchmark.json"));
            var run = await store.CreateRunAsync(new Leviathan.Core.Runs.RunSpec("Solve the physics benchmark 'ramp-to-goal'", "physics", "default", solution.Path));
            await store.MarkRunningAsync(run.Id);
            await store.CompleteRunAsync(run.Id, Leviathan.Core.Runs.RunStatus.Succeeded, "verified: every start passes", Leviathan.Core.Runs.RunUsage.None);
            var jobs = new Leviathan.Persistence.Jobs.JobStore(store, TimeProvider.System);
            var payload = new Leviathan.Server.Jobs.PhysicsAttemptPayload(Path.Combine(copy, "benchmark.json"), "/srv/bench/ramp-to-goal.json", solution.Path, 1, null, null);
            var job = await jobs.EnqueueAsync("physics_attempt", JsonSerializer.Serialize(payload, Leviathan.Server.Json.ServerJsonContext.Default.PhysicsAttemptPayload), null, 3);
            await jobs.LeaseNextAsync("dead-server", TimeSpan.Zero);
            await jobs.SetRunAsync(job.Id, "dead-server", run.Id);
            (jobId, runId) = (job.Id, run.Id);
        });
        using var client = server.Client(ApiKeyRole.Viewer);

        var job = await JobPolling.WaitDoneAsync(client, $"/v1/jobs/{jobId}");

        job.GetProperty("outcome").GetString().ShouldBe("succeeded", job.ToString());
        job.GetProperty("run_id").GetGuid().ShouldBe(runId, "no new run was started (this server has no model at all)");
        job.GetProperty("reason").GetString()!.ShouldStartWith("verified: every start passes; final evaluation SOLVED: passed: all");
        var artifacts = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{runId}/artifacts")).RootElement.GetProperty("items").EnumerateArray();
        artifacts.Select(a => a.GetProperty("path").GetString()).ShouldContain("evaluation.json");
    }

    [Fact]
    public async Task CreateAttempt_ViewerIs403_OutsideTheRootsIs422_InvalidBenchmarkIs422_AndBadFieldsAre400()
    {
        await using var server = await RunningServer.StartAsync();
        var benchmark = CopyBenchmark(server, "ramp-to-goal");
        using var viewer = server.Client(ApiKeyRole.Viewer);
        using var client = server.Client(ApiKeyRole.Operator);

        await (await viewer.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(benchmark)}}}""")))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, "urn:leviathan:problem:forbidden");
        await (await client.PostAsync("/v1/physics/attempts", JobPolling.Json("""{"benchmark":"/etc/passwd"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");

        var invalid = Path.Combine(server.WorkspaceRoot, "bench", "invalid.json");
        File.WriteAllText(invalid, """{"version": 1, "id": "x"}""");
        var problem = await (await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(invalid)}}}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:invalid-benchmark");
        problem.GetProperty("detail").GetString()!.ShouldContain("invalid.json is not a valid benchmark");

        var escaping = Path.Combine(server.WorkspaceRoot, "bench", "escaping.json");
        var json = JsonNode.Parse(File.ReadAllText(benchmark))!;
        json["fixtures"]![0]!["shape"] = new JsonObject { ["type"] = "mesh", ["mesh"] = "../../secret.stl" };
        File.WriteAllText(escaping, json.ToJsonString());
        (await (await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(escaping)}}}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:invalid-benchmark"))
            .GetProperty("detail").GetString()!.ShouldContain("without '..'");

        var link = Path.Combine(server.WorkspaceRoot, "bench", "link.json");
        File.CreateSymbolicLink(link, benchmark);
        await (await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(link)}}}""")))
            .ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");

        await (await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(benchmark)}},"samples":0,"max_steps":5000}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "samples", "max_steps");
        await (await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(benchmark)}},"solution":"/tmp"}""")))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "solution");
        Directory.GetFileSystemEntries(Path.Combine(server.Home, "server-attempts")).ShouldBeEmpty("refused attempts keep no copy");
    }

    [Fact]
    public async Task CreateAttempt_AFolderWithBenchmarkJson_IsCopied_WithoutWhatElseTheFolderHolds()
    {
        await using var server = await RunningServer.StartAsync();
        var folder = Path.Combine(server.WorkspaceRoot, "generated", "ramp");
        Directory.CreateDirectory(Path.Combine(folder, "reference"));
        File.Copy(PhysicsScript.Benchmark("ramp-to-goal"), Path.Combine(folder, "benchmark.json"));
        File.WriteAllText(Path.Combine(folder, "reference", "solution.json"), "{}");
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync("/v1/physics/attempts", JobPolling.Json($$"""{"benchmark":{{JobPolling.Quote(folder)}},"max_steps":1}"""));

        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var copies = Directory.GetDirectories(Path.Combine(server.Home, "server-attempts"));
        copies.Length.ShouldBe(1);
        Directory.GetFileSystemEntries(copies[0]).Select(Path.GetFileName).ShouldBe(["benchmark.json"], "the reference solution stays out of the attempt");
        var job = await JobPolling.WaitDoneAsync(client, created.Headers.Location!.ToString());
        job.GetProperty("outcome").GetString().ShouldBe("error", "this server has no model configured");
        job.GetProperty("reason").GetString()!.ShouldNotBeNullOrWhiteSpace();
    }

    private static string CopyBenchmark(RunningServer server, string example)
    {
        var folder = Path.Combine(server.WorkspaceRoot, "bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, example + ".json");
        File.Copy(PhysicsScript.Benchmark(example), path, overwrite: true);
        return path;
    }
}
