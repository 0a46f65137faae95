using System.Net;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Evaluation.Results;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Keys;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;
using Leviathan.Testing;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Evaluations;

/// <summary>
/// <c>/v1/evaluations</c> end to end: a real server runs a one-task pack as a job with the harness (the team's run in
/// bubblewrap against a scripted model, then the hidden tests as judge), and the evaluation is the one
/// <c>leviathan eval show</c> reads from the store; requests the server cannot honour are refused naming the field.
/// </summary>
public sealed class EvaluationApiTests
{
    [Fact]
    public async Task CreateEvaluation_ScriptedModelFixesTheTask_IsJudgedResolvedAndRecordedInTheStore()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Enqueue(FixScript());
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        var suite = TinyPack.WriteTo(server.WorkspaceRoot, "tiny-pack");
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}},"judges":1}"""));

        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var accepted = JsonDocument.Parse(body).RootElement;
        var jobId = accepted.GetProperty("job").GetProperty("id").GetGuid();
        created.Headers.Location!.ToString().ShouldBe($"/v1/evaluations/{jobId}");
        accepted.GetProperty("job").GetProperty("kind").GetString().ShouldBe("evaluation");
        accepted.GetProperty("suite_path").GetString().ShouldBe(suite);
        accepted.GetProperty("configurations").EnumerateArray().Select(c => c.GetString()).ShouldBe(["default"]);
        (accepted.GetProperty("parallel").GetInt32(), accepted.GetProperty("judges").GetInt32()).ShouldBe((1, 1));

        using var viewer = server.Client(ApiKeyRole.Viewer);
        var evaluation = await WaitDoneAsync(viewer, $"/v1/evaluations/{jobId}");

        evaluation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", evaluation.ToString());
        evaluation.GetProperty("job").GetProperty("reason").GetString()!.ShouldContain("1 of 1 attempt(s) resolved");
        evaluation.GetProperty("suite_id").GetString().ShouldBe("tiny");
        var progress = evaluation.GetProperty("progress");
        (progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("running").GetInt32(), progress.GetProperty("judging").GetInt32(), progress.GetProperty("succeeded").GetInt32(), progress.GetProperty("infrastructure").GetInt32())
            .ShouldBe((1, 1, 0, 0, 1, 0));
        evaluation.GetProperty("suite_kind").GetString().ShouldBe("task_pack");
        File.Exists(Path.Combine(server.WorkspaceRoot, "evaluations", jobId.ToString(), "results.jsonl")).ShouldBeTrue("the results live beside the workspaces");

        // The same evaluation the command line lists: finished, one run, resolved, and the run is the store's.
        var evaluationId = evaluation.GetProperty("evaluation_id").GetGuid();
        var recorded = (await new EvaluationStore(server.Store, TimeProvider.System).FindAsync(evaluationId.ToString()))!;
        (recorded.Status, recorded.RunCount, recorded.Succeeded).ShouldBe(("finished", 1, 1));
        var run = (await new EvaluationStore(server.Store, TimeProvider.System).RunsAsync(evaluationId)).Single();
        using var response = await viewer.GetAsync($"/v1/runs/{run.Run.Id}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());

        var results = JsonDocument.Parse(await viewer.GetStringAsync($"/v1/evaluations/{jobId}/results")).RootElement;
        results.GetProperty("state").GetString().ShouldBe("done");
        var attempt = results.GetProperty("attempts").EnumerateArray().Single();
        (attempt.GetProperty("task").GetString(), attempt.GetProperty("configuration").GetString(), attempt.GetProperty("repeat").GetInt32()).ShouldBe(("negative-sum", "default", 1));
        attempt.GetProperty("run_id").GetGuid().ShouldBe(run.Run.Id);
        (attempt.GetProperty("judged").GetBoolean(), attempt.GetProperty("failure_category").GetString()).ShouldBe((true, "none"));
        attempt.GetProperty("steps").GetInt32().ShouldBeGreaterThan(0);

        // The summary eval run --json prints, in the results and as the job's result.
        var summary = results.GetProperty("summary");
        summary.GetProperty("evaluation_id").GetGuid().ShouldBe(evaluationId);
        var figures = summary.GetProperty("configurations").EnumerateArray().Single();
        (figures.GetProperty("name").GetString(), figures.GetProperty("succeeded").GetInt32(), figures.GetProperty("counted").GetInt32(), figures.GetProperty("rate").GetDouble()).ShouldBe(("default", 1, 1, 1.0));
        evaluation.GetProperty("job").GetProperty("result").GetProperty("configurations")[0].GetProperty("succeeded").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task CreateEvaluation_RequestsTheServerCannotHonour_AreRefusedNamingTheField()
    {
        await using var server = await RunningServer.StartAsync();
        var suite = TinyPack.WriteTo(server.WorkspaceRoot, "tiny-pack");
        var outside = TinyPack.WriteTo(server.Home, "outside-pack");
        using var operatorClient = server.Client(ApiKeyRole.Operator);
        using var viewer = server.Client(ApiKeyRole.Viewer);

        var forbidden = await viewer.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}}}"""));
        forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var notAllowed = await ProblemOfAsync(operatorClient, $$"""{"suite":{{JobPolling.Quote(outside)}}}""", HttpStatusCode.UnprocessableEntity);
        notAllowed.GetProperty("type").GetString().ShouldBe("urn:leviathan:problem:workspace-not-allowed");
        notAllowed.GetProperty("detail").GetString()!.ShouldContain("is not under an allowed workspace root");

        var noTask = await ProblemOfAsync(operatorClient, $$"""{"suite":{{JobPolling.Quote(suite)}},"tasks":"other-*"}""", HttpStatusCode.UnprocessableEntity);
        noTask.GetProperty("field").GetString().ShouldBe("tasks");
        noTask.GetProperty("hint").GetString().ShouldBe("its tasks are negative-sum");

        // The server writes evaluations under the first root's evaluations/ folder, which a suite may neither be in nor hold.
        var inArea = TinyPack.WriteTo(Path.Combine(server.WorkspaceRoot, "evaluations"), "pack");
        (await ProblemOfAsync(operatorClient, $$"""{"suite":{{JobPolling.Quote(inArea)}}}""", HttpStatusCode.UnprocessableEntity)).GetProperty("field").GetString().ShouldBe("suite");

        var physicsSet = Directory.CreateDirectory(Path.Combine(server.WorkspaceRoot, "generated")).FullName;
        File.WriteAllText(Path.Combine(physicsSet, "index.json"), "{}");
        var physics = await ProblemOfAsync(operatorClient, $$"""{"suite":{{JobPolling.Quote(physicsSet)}}}""", HttpStatusCode.UnprocessableEntity);
        (physics.GetProperty("field").GetString(), physics.GetProperty("title").GetString()).ShouldBe(("suite", "Invalid suite"));
        physics.GetProperty("detail").GetString()!.ShouldContain("'candidates': missing or not a list", customMessage: "the set loader's own message");

        File.Delete(Path.Combine(suite, "suite.yaml"));
        var notAPack = await ProblemOfAsync(operatorClient, $$"""{"suite":{{JobPolling.Quote(suite)}}}""", HttpStatusCode.UnprocessableEntity);
        notAPack.GetProperty("field").GetString().ShouldBe("suite");

        var invalid = await ProblemOfAsync(operatorClient, $$"""{"suite":{{JobPolling.Quote(suite)}},"repeat":0,"parallel":17,"judges":0}""", HttpStatusCode.BadRequest);
        invalid.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order().ShouldBe(["judges", "parallel", "repeat"]);

        using var missing = await viewer.GetAsync($"/v1/evaluations/{Guid.NewGuid()}");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var missingResults = await viewer.GetAsync($"/v1/evaluations/{Guid.NewGuid()}/results");
        missingResults.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await server.Store.ListRunsAsync(null, 10)).ShouldBeEmpty("nothing was queued");
    }

    [Fact]
    public async Task CancelJob_RunningEvaluation_EndsCancelled_WithTheAttemptCancelledInItsResults()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        model.RespondWith(_ =>
        {
            asked.TrySetResult();
            return FakeReply.Hang();
        });
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        var suite = TinyPack.WriteTo(server.WorkspaceRoot, "tiny-pack");
        using var client = server.Client(ApiKeyRole.Operator);
        var created = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}}}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var jobId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("job").GetProperty("id").GetGuid();

        // The attempt's run is waiting on the model: cancel the evaluation there.
        await asked.Task;
        var cancel = await client.PostAsync($"/v1/jobs/{jobId}/cancel", null);
        cancel.StatusCode.ShouldBe(HttpStatusCode.Accepted, await cancel.Content.ReadAsStringAsync());

        var evaluation = await WaitDoneAsync(client, $"/v1/evaluations/{jobId}");
        evaluation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("cancelled", evaluation.ToString());
        evaluation.GetProperty("progress").GetProperty("succeeded").GetInt32().ShouldBe(0);
        var results = JsonDocument.Parse(await client.GetStringAsync($"/v1/evaluations/{jobId}/results")).RootElement;
        results.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("failure_category").GetString()).ShouldBe(["cancelled"]);

        // What finished is reported, as eval run reports a cancelled evaluation.
        results.GetProperty("summary").GetProperty("configurations")[0].GetProperty("cancelled").GetInt32().ShouldBe(1);
        using var report = await client.GetAsync($"/v1/evaluations/{jobId}/report");
        report.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await report.Content.ReadAsStringAsync()).ShouldContain("cancelled");
    }

    [Fact]
    public async Task Restart_EvaluationOfADeadServer_KeepsItsFinishedAttempt_AndRunsOnlyTheOther()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.Enqueue(FixScript());
        using var roots = new TempDirectory("leviathan-eval-roots");
        var suite = TinyPack.WriteTo(roots.Path, "pack", "alpha", "beta");
        var evaluationId = Guid.CreateVersion7();
        Guid jobId = default;
        await using var server = await RunningServer.StartAsync(
            options => options with { WorkspaceRoots = [roots.Path] },
            before: async store =>
            {
                // A server died during this evaluation once its first attempt had been judged: its lease ran out, and its
                // folder holds the harness's manifest and that one result.
                var (job, folder) = await FinishedEvaluation.LeasedAsync(new JobStore(store, TimeProvider.System), "dead-server", roots.Path, suite, lease: TimeSpan.Zero);
                FinishedEvaluation.WriteManifest(folder, evaluationId, suite, ["alpha", "beta"]);
                using (var results = ResultsFile.OpenForAppend(folder))
                {
                    results.Append(new AttemptResult { Task = "alpha", Configuration = "default", Repeat = 1, Status = "succeeded", Judged = true, FailureCategory = "none", CostUsd = 0.25m, Steps = 3 });
                }

                jobId = job.Id;
            },
            model: model.BaseUrl);
        using var viewer = server.Client(ApiKeyRole.Viewer);

        var evaluation = await WaitDoneAsync(viewer, $"/v1/evaluations/{jobId}");

        evaluation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", evaluation.ToString());
        evaluation.GetProperty("job").GetProperty("attempts").GetInt32().ShouldBe(2);
        evaluation.GetProperty("job").GetProperty("reason").GetString()!.ShouldEndWith("2 of 2 attempt(s) resolved, 0 infrastructure failure(s); 1 started, 1 kept from an interrupted attempt");
        evaluation.GetProperty("evaluation_id").GetGuid().ShouldBe(evaluationId, "the resumed evaluation is the interrupted one");
        var resume = evaluation.GetProperty("resumes").EnumerateArray().ShouldHaveSingleItem("the job's second attempt resumed it once");
        (resume.GetProperty("kept").GetInt32(), resume.GetProperty("rerun").GetInt32()).ShouldBe((1, 1));
        resume.GetProperty("at").GetDateTimeOffset().ShouldBeGreaterThan(evaluation.GetProperty("job").GetProperty("created_at").GetDateTimeOffset());
        var progress = evaluation.GetProperty("progress");
        (progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("succeeded").GetInt32(), progress.GetProperty("cost_usd").GetDecimal()).ShouldBe((2, 2, 2, 0.25m));
        var attempts = JsonDocument.Parse(await viewer.GetStringAsync($"/v1/evaluations/{jobId}/results")).RootElement.GetProperty("attempts").EnumerateArray().ToList();
        attempts.Select(a => (a.GetProperty("task").GetString(), a.GetProperty("failure_category").GetString())).ShouldBe([("alpha", "none"), ("beta", "none")]);
        attempts[0].GetProperty("cost_usd").GetDecimal().ShouldBe(0.25m, "the finished attempt is kept as it was");
        var runs = await new EvaluationStore(server.Store, TimeProvider.System).RunsAsync(evaluationId);
        runs.Select(r => r.Item).ShouldBe(["default/beta/1"], "only the unfinished attempt ran again");
    }

    [Fact]
    public async Task GetEvaluation_RunByAnotherServerProcess_CountsItsUnendedRunsAsRunning()
    {
        using var roots = new TempDirectory("leviathan-eval-roots");
        var suite = TinyPack.WriteTo(roots.Path, "pack", "alpha", "beta", "gamma");
        var evaluationId = Guid.CreateVersion7();
        Guid jobId = default;
        await using var server = await RunningServer.StartAsync(
            options => options with { WorkspaceRoots = [roots.Path] },
            before: async store =>
            {
                // Another server process holds the job's lease: its first attempt was judged, two runs are under way.
                var (job, folder) = await FinishedEvaluation.LeasedAsync(new JobStore(store, TimeProvider.System), "other-server", roots.Path, suite);
                FinishedEvaluation.WriteManifest(folder, evaluationId, suite, ["alpha", "beta", "gamma"]);
                using (var results = ResultsFile.OpenForAppend(folder))
                {
                    results.Append(new AttemptResult { Task = "alpha", Configuration = "default", Repeat = 1, Status = "succeeded", Judged = true, FailureCategory = "none", CostUsd = 0.25m, Steps = 3 });
                }

                var evaluations = new EvaluationStore(store, TimeProvider.System);
                foreach (var (task, status) in new[] { ("alpha", "ended"), ("beta", "running"), ("gamma", "pending") })
                {
                    var run = await store.CreateRunAsync(new RunSpec(task, "software", "default", "/tmp/ws"));
                    await evaluations.TagRunAsync(run.Id, evaluationId, $"default/{task}/1");
                    if (status != "pending")
                    {
                        await store.MarkRunningAsync(run.Id);
                    }

                    if (status == "ended")
                    {
                        await store.CompleteRunAsync(run.Id, RunStatus.Succeeded, "resolved", RunUsage.None);
                    }
                }

                jobId = job.Id;
            });
        using var viewer = server.Client(ApiKeyRole.Viewer);

        var evaluation = JsonDocument.Parse(await viewer.GetStringAsync($"/v1/evaluations/{jobId}")).RootElement;

        evaluation.GetProperty("job").GetProperty("state").GetString().ShouldBe("running");
        var progress = evaluation.GetProperty("progress");
        (progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("running").GetInt32(), progress.GetProperty("succeeded").GetInt32())
            .ShouldBe((3, 1, 2, 1), progress.ToString());
        evaluation.GetProperty("resumes").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public async Task GetEvaluation_Ended_TakesItsFiguresFromTheJobsSummary_WithoutItsResultsFile()
    {
        using var roots = new TempDirectory("leviathan-eval-roots");
        var suite = TinyPack.WriteTo(roots.Path, "pack");
        Guid jobId = default;
        await using var server = await RunningServer.StartAsync(
            options => options with { WorkspaceRoots = [roots.Path] },
            before: async store => jobId = await FinishedEvaluation.SeedAsync(store, roots.Path, suite));
        using var viewer = server.Client(ApiKeyRole.Viewer);
        // The operator archived the attempts' lines away: the job's summary still says what the evaluation found.
        File.Delete(Path.Combine(roots.Path, "evaluations", jobId.ToString(), ResultsFile.ResultsName));

        var evaluation = JsonDocument.Parse(await viewer.GetStringAsync($"/v1/evaluations/{jobId}")).RootElement;
        var listed = JsonDocument.Parse(await viewer.GetStringAsync("/v1/evaluations")).RootElement.GetProperty("items").EnumerateArray().ShouldHaveSingleItem();

        foreach (var progress in new[] { evaluation.GetProperty("progress"), listed.GetProperty("progress") })
        {
            (progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("running").GetInt32(), progress.GetProperty("succeeded").GetInt32(), progress.GetProperty("cost_usd").GetDecimal())
                .ShouldBe((2, 2, 0, 1, 0.75m), progress.ToString());
        }
    }

    [Fact]
    public async Task ListEvaluations_PagesNewestFirst_WithOnlyEvaluations()
    {
        var queued = new List<Guid>();
        await using var server = await RunningServer.StartAsync(
            before: async store =>
            {
                var jobs = new JobStore(store, TimeProvider.System);
                for (var i = 0; i < 3; i++)
                {
                    queued.Add((await jobs.EnqueueAsync(JobKinds.Evaluation, JsonSerializer.Serialize(new EvaluationPayload($"/srv/packs/pack-{i}", 1, 1, null), ServerJsonContext.Default.EvaluationPayload), null, 3)).Id);
                    await jobs.EnqueueAsync(JobKinds.Backup, "{}", null, 3);
                }
            });
        using var viewer = server.Client(ApiKeyRole.Viewer);

        var first = JsonDocument.Parse(await viewer.GetStringAsync("/v1/evaluations?limit=2")).RootElement;
        var cursor = first.GetProperty("next_cursor").GetString()!;
        var second = JsonDocument.Parse(await viewer.GetStringAsync($"/v1/evaluations?limit=2&cursor={cursor}")).RootElement;

        var listed = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).ToList();
        // Every evaluation once across the pages, newest first (jobs queued within one millisecond are ordered by id).
        listed.Select(e => e.GetProperty("job").GetProperty("id").GetGuid()).ShouldBe(queued, ignoreOrder: true);
        listed.Select(e => e.GetProperty("suite_path").GetString()).ShouldBe(["/srv/packs/pack-0", "/srv/packs/pack-1", "/srv/packs/pack-2"], ignoreOrder: true);
        var created = listed.Select(e => e.GetProperty("job").GetProperty("created_at").GetDateTimeOffset()).ToList();
        created.ShouldBe(created.OrderDescending().ToList());
        second.GetProperty("next_cursor").ValueKind.ShouldBe(JsonValueKind.Null);
        using var bad = await viewer.GetAsync("/v1/evaluations?cursor=not-a-cursor");
        (await bad.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation")).GetProperty("errors").GetProperty("cursor").GetArrayLength().ShouldBe(1);
    }

    private static FakeReply[] FixScript() =>
    [
        FakeReply.ToolCall("todo_write", new { items = new[] { new { id = "1", text = "Fix add() for negative numbers", status = "pending" } } }),
        FakeReply.ToolCall("write_file", new { path = "calc.py", content = TinyPack.FixedCalc }),
        FakeReply.ToolCall("finish", new { summary = "add() now returns a + b." }),
        FakeReply.ToolCall("verdict", new { accept = true, reasons = new[] { "The verification passed." } }),
    ];

    private static async Task<JsonElement> ProblemOfAsync(HttpClient client, string json, HttpStatusCode expected)
    {
        using var response = await client.PostAsync("/v1/evaluations", JobPolling.Json(json));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Long-polls the evaluation (the server answers as soon as it is done); a bounded number of polls.</summary>
    internal static async Task<JsonElement> WaitDoneAsync(HttpClient client, string location)
    {
        for (var poll = 0; poll < 10; poll++)
        {
            var evaluation = JsonDocument.Parse(await client.GetStringAsync($"{location}?wait_seconds=60")).RootElement.Clone();
            if (evaluation.GetProperty("job").GetProperty("state").GetString() == "done")
            {
                return evaluation;
            }
        }

        throw new TimeoutException($"the evaluation at {location} did not finish");
    }
}
