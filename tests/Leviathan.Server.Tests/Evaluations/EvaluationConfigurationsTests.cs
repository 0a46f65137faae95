using System.Net;
using System.Text.Json;
using Leviathan.Persistence.Keys;
using Leviathan.Testing.FakeOpenAi;

namespace Leviathan.Server.Tests.Evaluations;

/// <summary>
/// <c>/v1/evaluations</c> with named configurations, as <c>eval run --config NAME=FILE</c>: each configuration's attempts
/// run with its own limits, its figures are summarised as <c>eval run --json</c> prints them, the reports download, and
/// the harness's progress shows while an attempt runs. Real server, bubblewrap and SQLite; the team scripted on the fake
/// model server.
/// </summary>
public sealed class EvaluationConfigurationsTests
{
    [Fact]
    public async Task CreateEvaluation_TwoNamedConfigurations_RunEachWithItsLimits_AndSummariseEachAsEvalRunDoes()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        model.RespondWith(request => ScriptedTeam.Respond(request, task => task == "alpha"));
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        var suite = TinyPack.WriteTo(server.WorkspaceRoot, "pack", "alpha", "beta");
        var first = WriteConfiguration(server, "first.yaml", "max_steps: 30\n");
        var second = WriteConfiguration(server, "second.yaml", "max_steps: 25\n");
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""
            {"suite":{{JobPolling.Quote(suite)}},"repeat":2,"parallel":4,
             "configurations":[{"name":"first","file":{{JobPolling.Quote(first)}}},{"name":"second","file":{{JobPolling.Quote(second)}}}]}
            """));

        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var jobId = JsonDocument.Parse(body).RootElement.GetProperty("job").GetProperty("id").GetGuid();
        JsonDocument.Parse(body).RootElement.GetProperty("configurations").EnumerateArray().Select(c => c.GetString()).ShouldBe(["first", "second"]);
        var evaluation = await EvaluationApiTests.WaitDoneAsync(client, $"/v1/evaluations/{jobId}");
        evaluation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", evaluation.ToString());
        evaluation.GetProperty("progress").GetProperty("total").GetInt32().ShouldBe(8, "2 tasks × 2 configurations × 2 repeats");

        // Two sets of attempts, each run under its configuration's step limit.
        var results = JsonDocument.Parse(await client.GetStringAsync($"/v1/evaluations/{jobId}/results")).RootElement;
        var attempts = results.GetProperty("attempts").EnumerateArray().ToList();
        attempts.Select(a => (a.GetProperty("task").GetString(), a.GetProperty("configuration").GetString(), a.GetProperty("repeat").GetInt32())).ShouldBe(
        [
            ("alpha", "first", 1), ("alpha", "first", 2), ("alpha", "second", 1), ("alpha", "second", 2),
            ("beta", "first", 1), ("beta", "first", 2), ("beta", "second", 1), ("beta", "second", 2),
        ]);
        attempts.Select(a => a.GetProperty("failure_category").GetString()).ShouldBe(["none", "none", "none", "none", "wrong_fix", "wrong_fix", "wrong_fix", "wrong_fix"]);
        foreach (var attempt in attempts)
        {
            var run = JsonDocument.Parse(await client.GetStringAsync($"/v1/runs/{attempt.GetProperty("run_id").GetGuid()}")).RootElement;
            run.GetProperty("budget").GetProperty("max_steps").GetInt32().ShouldBe(attempt.GetProperty("configuration").GetString() == "first" ? 30 : 25);
        }

        // Each configuration resolved alpha twice and beta never: 2 of 4, Wilson 95 % 0.15–0.85, pass@1 = pass@2 = 0.5.
        var summary = results.GetProperty("summary");
        summary.GetProperty("evaluation_id").GetGuid().ShouldBe(evaluation.GetProperty("evaluation_id").GetGuid());
        var figures = summary.GetProperty("configurations").EnumerateArray().ToList();
        figures.Select(f => f.GetProperty("name").GetString()).ShouldBe(["first", "second"]);
        foreach (var f in figures)
        {
            (f.GetProperty("succeeded").GetInt32(), f.GetProperty("counted").GetInt32(), f.GetProperty("infrastructure").GetInt32(), f.GetProperty("cancelled").GetInt32()).ShouldBe((2, 4, 0, 0));
            f.GetProperty("rate").GetDouble().ShouldBe(0.5);
            f.GetProperty("wilson_lower").GetDouble().ShouldBe(0.1500, 1e-4);
            f.GetProperty("wilson_upper").GetDouble().ShouldBe(0.8500, 1e-4);
            f.GetProperty("pass_at_k").GetProperty("1").GetDouble().ShouldBe(0.5, 1e-9);
            f.GetProperty("pass_at_k").GetProperty("2").GetDouble().ShouldBe(0.5, 1e-9);
        }

        var job = JsonDocument.Parse(await client.GetStringAsync($"/v1/jobs/{jobId}")).RootElement;
        job.GetProperty("result").GetProperty("configurations").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("succeeded").GetInt32())).ShouldBe([("first", 2), ("second", 2)]);

        // The reports eval run writes, downloaded.
        using var markdown = await client.GetAsync($"/v1/evaluations/{jobId}/report");
        markdown.StatusCode.ShouldBe(HttpStatusCode.OK);
        markdown.Content.Headers.ContentType!.MediaType.ShouldBe("text/markdown");
        var text = await markdown.Content.ReadAsStringAsync();
        text.ShouldStartWith("# Evaluation tiny");
        text.ShouldContain("](plots/success-rate.png)");
        using var html = await client.GetAsync($"/v1/evaluations/{jobId}/report?format=html");
        html.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await html.Content.ReadAsStringAsync()).ShouldContain("second");
        using var plot = await client.GetAsync($"/v1/evaluations/{jobId}/plots/success-rate.png");
        plot.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await plot.Content.ReadAsByteArrayAsync())[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        using var pdf = await client.GetAsync($"/v1/evaluations/{jobId}/report?format=pdf");
        (await pdf.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "format")).ShouldNotBe(default);
        using var otherPlot = await client.GetAsync($"/v1/evaluations/{jobId}/plots/secret.png");
        await otherPlot.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "name");
        using var missing = await client.GetAsync($"/v1/evaluations/{Guid.NewGuid()}/report");
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetEvaluation_WhileAnAttemptWaitsOnTheModel_ShowsTheHarnessProgress_AndNoReportYet()
    {
        await using var model = await FakeOpenAiServer.StartAsync();
        using var gate = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstTask = (string?)null;
        model.RespondWith(request =>
        {
            // The second task's first request waits until the test has looked; the first task ran to its end before.
            var task = ScriptedTeam.TaskOf(request);
            Interlocked.CompareExchange(ref firstTask, task, null);
            if (task != firstTask && held.TrySetResult())
            {
                gate.Wait();
            }

            return ScriptedTeam.Respond(request, _ => true);
        });
        await using var server = await RunningServer.StartAsync(model: model.BaseUrl);
        var suite = TinyPack.WriteTo(server.WorkspaceRoot, "pack", "alpha", "beta");
        using var client = server.Client(ApiKeyRole.Operator);
        Guid jobId;
        try
        {
            var created = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}}}"""));
            created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
            jobId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("job").GetProperty("id").GetGuid();
            await held.Task;

            // The second task's run starts as soon as the first one's run ends, while the first is still being judged:
            // wait until the harness has reported that judgement.
            var running = await ProgressAsync(client, jobId, done: 1);
            running.GetProperty("job").GetProperty("state").GetString().ShouldBe("running");
            var progress = running.GetProperty("progress");
            (progress.GetProperty("total").GetInt32(), progress.GetProperty("done").GetInt32(), progress.GetProperty("running").GetInt32(), progress.GetProperty("succeeded").GetInt32(), progress.GetProperty("infrastructure").GetInt32())
                .ShouldBe((2, 1, 1, 1, 0), running.ToString());
            var partial = JsonDocument.Parse(await client.GetStringAsync($"/v1/evaluations/{jobId}/results")).RootElement;
            partial.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("task").GetString()).ShouldBe([firstTask]);
            partial.GetProperty("summary").ValueKind.ShouldBe(JsonValueKind.Null, "the summary comes once the evaluation is done");
            using var report = await client.GetAsync($"/v1/evaluations/{jobId}/report");
            (await report.ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:conflict")).GetProperty("detail").GetString()!.ShouldContain("is still running");
        }
        finally
        {
            gate.Set();
        }

        var done = await EvaluationApiTests.WaitDoneAsync(client, $"/v1/evaluations/{jobId}");
        var final = done.GetProperty("progress");
        (final.GetProperty("done").GetInt32(), final.GetProperty("running").GetInt32(), final.GetProperty("succeeded").GetInt32()).ShouldBe((2, 0, 2), done.ToString());
    }

    private static async Task<JsonElement> ProgressAsync(HttpClient client, Guid jobId, int done)
    {
        for (var poll = 0; poll < 6000; poll++)
        {
            var evaluation = JsonDocument.Parse(await client.GetStringAsync($"/v1/evaluations/{jobId}")).RootElement.Clone();
            if (evaluation.GetProperty("progress").GetProperty("done").GetInt32() >= done)
            {
                return evaluation;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"the evaluation {jobId} never reported {done} attempt(s) done");
    }

    [Fact]
    public async Task CreateEvaluation_ConfigurationsTheServerCannotRun_AreRefusedNamingTheConfiguration()
    {
        await using var server = await RunningServer.StartAsync();
        var suite = TinyPack.WriteTo(server.WorkspaceRoot, "pack");
        var good = WriteConfiguration(server, "good.yaml", "max_steps: 30\n");
        var unknownKey = WriteConfiguration(server, "unknown.yaml", "max_stepz: 30\n");
        var baseline = WriteConfiguration(server, "baseline.yaml", "solver: baseline\n");
        var outside = Path.Combine(server.Home, "outside.yaml");
        File.WriteAllText(outside, "max_steps: 30\n");
        using var client = server.Client(ApiKeyRole.Operator);

        async Task<JsonElement> RefusedAsync(string configurations, HttpStatusCode status, string type, string? field = null)
        {
            using var response = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}},"configurations":{{configurations}}}"""));
            return field is null ? await response.ShouldBeProblemAsync(status, type) : await response.ShouldBeProblemAsync(status, type, field);
        }

        string Config(string name, string file) => $$"""{"name":"{{name}}","file":{{JobPolling.Quote(file)}}}""";

        await RefusedAsync($"[{Config("a", good)},{Config("a", good)}]", HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "configurations[1].name");
        await RefusedAsync($"[{Config("no spaces", good)}]", HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "configurations[0].name");
        await RefusedAsync("[]", HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "configurations");
        await RefusedAsync("""[{"name":"a","file":"x.yaml","extra":1}]""", HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "configurations[0].extra");

        var notAllowed = await RefusedAsync($"[{Config("a", good)},{Config("b", outside)}]", HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");
        notAllowed.GetProperty("field").GetString().ShouldBe("configurations[1].file");

        var invalid = await RefusedAsync($"[{Config("a", good)},{Config("b", unknownKey)}]", HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation");
        invalid.GetProperty("field").GetString().ShouldBe("configurations[1].file");
        invalid.GetProperty("detail").GetString()!.ShouldContain(unknownKey, customMessage: "the loader's message names the file");
        invalid.GetProperty("detail").GetString()!.ShouldContain("max_stepz");

        var missingFile = await RefusedAsync($"[{Config("a", Path.Combine(server.WorkspaceRoot, "none.yaml"))}]", HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:workspace-not-allowed");
        missingFile.GetProperty("field").GetString().ShouldBe("configurations[0].file");
        missingFile.GetProperty("detail").GetString()!.ShouldContain("does not exist");

        var solver = await RefusedAsync($"[{Config("b", baseline)}]", HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation");
        solver.GetProperty("field").GetString().ShouldBe("configurations[0].file");
        solver.GetProperty("detail").GetString()!.ShouldContain("solver 'baseline' attempts physics benchmarks; a software task pack is attempted by the team");

        using var samples = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}},"samples":4}"""));
        (await samples.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation")).GetProperty("field").GetString().ShouldBe("samples");

        (await server.Store.ListRunsAsync(null, 10)).ShouldBeEmpty("nothing was queued");

        // This server has no model: a team configuration is accepted, and its job ends error saying so, without reports.
        var created = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(suite)}},"configurations":[{{Config("a", good)}}]}"""));
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, await created.Content.ReadAsStringAsync());
        var jobId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("job").GetProperty("id").GetGuid();
        var ended = await EvaluationApiTests.WaitDoneAsync(client, $"/v1/evaluations/{jobId}");
        (ended.GetProperty("job").GetProperty("outcome").GetString(), ended.GetProperty("job").GetProperty("reason").GetString()).ShouldBe(
            ("error", "no model profile is configured, and the team's runs need one; configure a model endpoint (README: 'leviathan run'), or give each configuration a 'profile'"));
        using var report = await client.GetAsync($"/v1/evaluations/{jobId}/report");
        (await report.ShouldBeProblemAsync(HttpStatusCode.Conflict, "urn:leviathan:problem:conflict")).GetProperty("detail").GetString()!.ShouldContain("ended error without reports");
    }

    private static string WriteConfiguration(RunningServer server, string name, string yaml)
    {
        var folder = Directory.CreateDirectory(Path.Combine(server.WorkspaceRoot, "configs")).FullName;
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, yaml);
        return path;
    }
}
