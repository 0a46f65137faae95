using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Persistence.Keys;

namespace Leviathan.Server.Tests.Evaluations;

/// <summary>
/// <c>POST /v1/evaluations</c> of a physics set (the layout bench generate writes) under a configuration with
/// <c>solver: baseline</c>, as <c>eval run --config</c> runs it: the baseline solver searches each benchmark with real
/// OpenSCAD in bubblewrap and real MuJoCo, and the judge evaluates what it found from every start.
/// </summary>
public sealed class EvaluationPhysicsTests
{
    /// <summary>A solver seed that solves drop-78c0d7ff within its first 20 draws (the seed its reference was found with; EvalPhysicsCommandTests).</summary>
    private const int BaselineSeed = 2025904127;

    [Fact]
    public async Task CreateEvaluation_PhysicsSetWithABaselineConfiguration_IsSolvedByTheBaselineAndJudged()
    {
        await using var server = await RunningServer.StartAsync();
        var set = CopySet(server.WorkspaceRoot, "drop-78c0d7ff");
        var configuration = Path.Combine(server.WorkspaceRoot, "baseline.yaml");
        File.WriteAllText(configuration, $"solver: baseline\nbaseline: {{seed: {BaselineSeed}, max_candidates: 80}}\n");
        using var client = server.Client(ApiKeyRole.Operator);

        var created = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""
            {"suite":{{JobPolling.Quote(set)}},"samples":8,"configurations":[{"name":"baseline","file":{{JobPolling.Quote(configuration)}}}]}
            """));

        var body = await created.Content.ReadAsStringAsync();
        created.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var accepted = JsonDocument.Parse(body).RootElement;
        (accepted.GetProperty("suite_kind").GetString(), accepted.GetProperty("samples").GetInt32()).ShouldBe(("physics_set", 8));
        var jobId = accepted.GetProperty("job").GetProperty("id").GetGuid();
        var evaluation = await EvaluationApiTests.WaitDoneAsync(client, $"/v1/evaluations/{jobId}");

        evaluation.GetProperty("job").GetProperty("outcome").GetString().ShouldBe("succeeded", evaluation.ToString());
        var results = JsonDocument.Parse(await client.GetStringAsync($"/v1/evaluations/{jobId}/results")).RootElement;
        var attempt = results.GetProperty("attempts").EnumerateArray().Single();
        (attempt.GetProperty("task").GetString(), attempt.GetProperty("configuration").GetString()).ShouldBe(("drop-78c0d7ff", "baseline"));
        attempt.GetProperty("run_id").ValueKind.ShouldBe(JsonValueKind.Null, "the baseline solver is no agent run");
        attempt.GetProperty("reason").GetString()!.ShouldStartWith("baseline solver: solved");
        (attempt.GetProperty("judged").GetBoolean(), attempt.GetProperty("failure_category").GetString()).ShouldBe((true, "none"), attempt.ToString());
        attempt.GetProperty("judge_summary").GetString()!.ShouldStartWith("passed: all ");
        var figures = results.GetProperty("summary").GetProperty("configurations").EnumerateArray().Single();
        (figures.GetProperty("name").GetString(), figures.GetProperty("succeeded").GetInt32(), figures.GetProperty("counted").GetInt32()).ShouldBe(("baseline", 1, 1));
    }

    [Fact]
    public async Task CreateEvaluation_PhysicsSetWithSamplesOutOfRangeOrNoMatchingTask_IsRefusedNamingTheField()
    {
        await using var server = await RunningServer.StartAsync();
        var set = CopySet(server.WorkspaceRoot, "drop-78c0d7ff");
        using var client = server.Client(ApiKeyRole.Operator);

        using var tooMany = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(set)}},"samples":1001}"""));

        await tooMany.ShouldBeProblemAsync(HttpStatusCode.BadRequest, "urn:leviathan:problem:validation", "samples");
        using var noTask = await client.PostAsync("/v1/evaluations", JobPolling.Json($$"""{"suite":{{JobPolling.Quote(set)}},"tasks":"ramp-*"}"""));
        (await noTask.ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity, "urn:leviathan:problem:validation")).GetProperty("hint").GetString().ShouldBe("its tasks are drop-78c0d7ff");
    }

    /// <summary>A set folder in the layout bench generate writes, with the given benchmarks of the shipped physics-small set.</summary>
    private static string CopySet(string parent, params string[] benchmarks)
    {
        var source = Path.Combine(Leviathan.Testing.RepositoryRoot.Path, "examples", "suites", "physics-small");
        var set = Path.Combine(parent, "set");
        var candidates = new JsonArray();
        foreach (var (id, index) in benchmarks.Select((b, i) => (b, i)))
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(source, id), "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(set, id, Path.GetRelativePath(Path.Combine(source, id), file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            candidates.Add(new JsonObject { ["index"] = index, ["id"] = id, ["family"] = id.Split('-')[0], ["kept"] = true, ["level"] = 1 });
        }

        File.WriteAllText(Path.Combine(set, "index.json"), new JsonObject { ["seed"] = 1, ["count"] = benchmarks.Length, ["candidates"] = candidates }.ToJsonString());
        return set;
    }
}
