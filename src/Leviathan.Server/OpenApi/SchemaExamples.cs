using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Server.Health;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;
using Leviathan.Server.Keys;
using Leviathan.Server.Physics;
using Leviathan.Server.Runs;
using Leviathan.Server.Workspaces;

namespace Leviathan.Server.OpenApi;

/// <summary>
/// The example of each request and response schema in the OpenAPI document, written by serializing a real value of the
/// type with the wire serializer, so an example always has the names and shape the server sends and accepts.
/// </summary>
internal static class SchemaExamples
{
    private static readonly Guid RunId = Guid.Parse("019aee4e-6f10-7c3a-9b51-2f0c6d1e8a41");
    private static readonly Guid JobId = Guid.Parse("019aee4e-6e9b-7d05-8c3e-51a7b2c4d9f0");
    private static readonly DateTimeOffset At = new(2026, 12, 5, 9, 30, 0, TimeSpan.Zero);
    private const string Sha = "3f9a1c5e7b2d4f6081a3c5e7092b4d6f8a1c3e5f7b9d0f2a4c6e8b0d2f4a6c8e";

    private static readonly RunResource Run = new(
        RunId, "Make the tests in test_calc.py pass", "software", "default", "/srv/workspaces/calc", "succeeded", false, "verified: python3 -B test_calc.py passed",
        true, null, At, At.AddSeconds(1), At.AddSeconds(42), new RunUsageResource(18_240, 1_310, 0.0214m, 8, 41_000), new RunBudgetResource(null, null, 30, null),
        new Dictionary<string, string> { ["planner"] = "planner@3", ["engineer"] = "engineer@7", ["critic"] = "critic@2" }, 27);

    private static readonly JobResource Job = new(JobId, "software_run", "running", RunId, 1, At, At.AddSeconds(1), null, null, null, JsonDocument.Parse("null").RootElement.Clone());

    private static readonly KeyResource Key = new(Guid.Parse("019aee4e-6a00-7000-8000-000000000001"), "ci", KeyRole.Operator, "lvk_Xq3", At, null);

    private static readonly Backups.BackupResource Backup = new(
        "leviathan/backups/20261205T030000Z-sqlite.tar.zst", "sqlite", 104_857_600, 21_180_416, "9f2c1e4b7a6d5c3b2a190817e6f5d4c3b2a1908f7e6d5c4b3a2918f7e6d5c4b3", 412, At);

    private static readonly Evaluations.EvaluationResource Evaluation = new(
        Job with { Kind = "evaluation", RunId = null },
        "python-bugs",
        "/srv/workspaces/packs/python-bugs",
        "task_pack",
        ["small", "large"],
        4,
        2,
        3,
        "cache-*,parse-*",
        null,
        Guid.Parse("019aee4e-7300-7000-8000-000000000001"),
        new Evaluations.EvaluationProgressResource(24, 9, 4, 1, 5, 0, 0.1842m),
        [new Evaluations.EvaluationResumeResource(At.AddMinutes(12), 7, 17)]);

    private static readonly Leviathan.Evaluation.Reports.EvaluationSummaryJson Summary = new(
        Guid.Parse("019aee4e-7300-7000-8000-000000000001"),
        "/srv/workspaces/evaluations/019aee4e-6e9b-7d05-8c3e-51a7b2c4d9f0",
        [
            new Leviathan.Evaluation.Reports.ConfigurationSummaryJson("small", 7, 12, 0.5833, 0.3195, 0.8067, 0, 0, 0.2210m, new Dictionary<int, double> { [1] = 0.5833, [2] = 0.75, [3] = 0.8333 }),
            new Leviathan.Evaluation.Reports.ConfigurationSummaryJson("large", 10, 11, 0.9091, 0.6226, 0.9838, 1, 0, 1.9034m, new Dictionary<int, double> { [1] = 0.9091, [2] = 1, [3] = 1 }),
        ]);

    private static readonly Dictionary<Type, Func<JsonNode?>> Examples = new()
    {
        [typeof(Backups.BackupResource)] = () => Node(Backup, ServerJsonContext.Default.BackupResource),
        [typeof(Backups.BackupList)] = () => Node(new Backups.BackupList([Backup]), ServerJsonContext.Default.BackupList),
        [typeof(CreateRunRequest)] = () => Node(
            new CreateRunRequest { Goal = "Make the tests in test_calc.py pass", Workspace = "/srv/workspaces/calc", VerifyCommand = "python3 -B test_calc.py", MaxSteps = 30 },
            ServerJsonContext.Default.CreateRunRequest),
        [typeof(JobResource)] = () => Node(Job, ServerJsonContext.Default.JobResource),
        [typeof(CreatePhysicsAttemptRequest)] = () => Node(
            new CreatePhysicsAttemptRequest { Benchmark = "/srv/workspaces/uploads/019aee4e-7200-7000-8000-000000000001/ramp-to-goal.json", Samples = 8, MaxSteps = 40 },
            ServerJsonContext.Default.CreatePhysicsAttemptRequest),
        [typeof(Generations.CreateGenerationRequest)] = () => Node(
            new Generations.CreateGenerationRequest { Count = 4, Seed = 42, Family = "push", Level = 1 },
            ServerJsonContext.Default.CreateGenerationRequest),
        [typeof(Generations.GenerationResource)] = () => Node(
            new Generations.GenerationResource(
                Job with { Kind = "benchmark_generation", RunId = null },
                4,
                42,
                "push",
                null,
                2,
                1,
                null,
                [
                    new Generations.GenerationCandidateResource(0, "push-1b2c3d4e", "push", 498_137_266, true, null, "valid; non-trivial in 24 of 24 starts; reference solution found after 37 candidates (unit cost 4.1 USD of 6.2, weight 0.21 kg of 0.3); level 1", 1, 41.7),
                    new Generations.GenerationCandidateResource(1, "push-5f6a7b8c", "push", 1_021_455_903, false, "trivial", "the payload reaches the goal on its own in 3 of 24 starts", null, 2.3),
                ],
                [new Generations.GenerationResumeResource(2, 1, 1, null)]),
            ServerJsonContext.Default.GenerationResource),
        [typeof(Evaluations.CreateEvaluationRequest)] = () => Node(
            new Evaluations.CreateEvaluationRequest
            {
                Suite = "/srv/workspaces/packs/python-bugs",
                Configurations =
                [
                    new Evaluations.EvaluationConfigurationRequest { Name = "small", File = "/srv/workspaces/configs/small.yaml" },
                    new Evaluations.EvaluationConfigurationRequest { Name = "large", File = "/srv/workspaces/configs/large.yaml" },
                ],
                Parallel = 4,
                Judges = 2,
                Repeat = 3,
                Tasks = "cache-*,parse-*",
            },
            ServerJsonContext.Default.CreateEvaluationRequest),
        [typeof(Evaluations.EvaluationResource)] = () => Node(Evaluation, ServerJsonContext.Default.EvaluationResource),
        [typeof(Evaluations.EvaluationPage)] = () => Node(new Evaluations.EvaluationPage([Evaluation], "MTc2NDkyNzAwMDAwMHwwMTlhZWU0ZQ"), ServerJsonContext.Default.EvaluationPage),
        [typeof(Evaluations.EvaluationResults)] = () => Node(
            new Evaluations.EvaluationResults(
                JobId,
                "done",
                [
                    new Evaluations.EvaluationAttemptResource("cache-concurrent-load", "small", 1, RunId, "succeeded", true, "none", "verified: python3 -m pytest -q passed", "2 of 2 hidden tests passed", 18_240, 1_310, 0.0214m, 8, 41.2),
                    new Evaluations.EvaluationAttemptResource("parse-empty-header", "small", 1, Guid.Parse("019aee4e-6f10-7c3a-9b51-2f0c6d1e8a42"), "succeeded", false, "wrong_fix", "verified: python3 -m pytest -q passed", "tests/test_hidden.py::test_empty failed", 12_004, 980, 0.0151m, 6, 33.9),
                ],
                Summary),
            ServerJsonContext.Default.EvaluationResults),
        [typeof(Leviathan.Evaluation.Reports.EvaluationSummaryJson)] = () => Node(Summary, ServerJsonContext.Default.EvaluationSummaryJson),
        [typeof(RunResource)] = () => Node(Run, ServerJsonContext.Default.RunResource),
        [typeof(RunPage)] = () => Node(new RunPage([Run], "MTc2NDkyNzAwMDAwMHwwMTlhZWU0ZQ"), ServerJsonContext.Default.RunPage),
        [typeof(EventPage)] = () => Node(
            new EventPage(
                [new EventResource(RunId, 4, Guid.Parse("019aee4e-7001-7abc-8def-000000000004"), null, "tool_call", "engineer", At.AddSeconds(9), 0.8, JsonDocument.Parse("""{"name":"edit_file","arguments":{"path":"calc.py"}}""").RootElement.Clone())],
                4),
            ServerJsonContext.Default.EventPage),
        [typeof(EventResource)] = () => Node(
            new EventResource(RunId, 4, Guid.Parse("019aee4e-7001-7abc-8def-000000000004"), null, "tool_call", "engineer", At.AddSeconds(9), 0.8, JsonDocument.Parse("""{"name":"edit_file","arguments":{"path":"calc.py"}}""").RootElement.Clone()),
            ServerJsonContext.Default.EventResource),
        [typeof(PlanResource)] = () => Node(new PlanResource(RunId, [new PlanItemResource("1", "Reproduce the failure", "done"), new PlanItemResource("2", "Fix add() in calc.py", "in_progress")]), ServerJsonContext.Default.PlanResource),
        [typeof(ArtifactList)] = () => Node(new ArtifactList([new ArtifactResource(Guid.Parse("019aee4e-7100-7000-8000-0000000000aa"), RunId, null, Sha, 312, "text/x-diff", "run.patch", At.AddSeconds(42))]), ServerJsonContext.Default.ArtifactList),
        [typeof(CreateKeyRequest)] = () => Node(new CreateKeyRequest { Name = "ci", Role = KeyRole.Operator }, ServerJsonContext.Default.CreateKeyRequest),
        [typeof(KeyResource)] = () => Node(Key, ServerJsonContext.Default.KeyResource),
        [typeof(KeyList)] = () => Node(new KeyList([Key]), ServerJsonContext.Default.KeyList),
        [typeof(CreatedKeyResource)] = () => Node(new CreatedKeyResource(Key.Id, "ci", KeyRole.Operator, "lvk_Xq3", At, "lvk_Xq3n0tAR3alK3yJustAnExampleOfTheShape0000"), ServerJsonContext.Default.CreatedKeyResource),
        [typeof(ValidateModelRequest)] = () => Node(
            new ValidateModelRequest { Mjcf = "<mujoco><worldbody><body pos=\"0 0 1\"><freejoint/><geom type=\"box\" size=\".1 .1 .1\"/></body></worldbody></mujoco>", Frames = 500 },
            ServerJsonContext.Default.ValidateModelRequest),
        [typeof(ModelValidationResource)] = () => Node(
            new ModelValidationResource(true, true, [], [new ModelFindingResource("no_light", "the scene has no light; renders will be dark", "worldbody", null)], new ModelStatsResource(2, 1, 1, 0, 500, 1.0, 0.0)),
            ServerJsonContext.Default.ModelValidationResource),
        [typeof(HealthResource)] = () => Node(
            new HealthResource("ready", [new HealthCheckResource("store", true, "/var/lib/leviathan/leviathan.db"), new HealthCheckResource("sandbox", true, "/usr/bin/bwrap"), new HealthCheckResource("queue", true, "2 of 2 workers running; 0 jobs queued, 1 running")]),
            ServerJsonContext.Default.HealthResource),
        [typeof(GitWorkspaceRequest)] = () => Node(new GitWorkspaceRequest { Url = "https://github.com/example/calc.git", Commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904" }, ServerJsonContext.Default.GitWorkspaceRequest),
        [typeof(WorkspaceResource)] = () => Node(new WorkspaceResource("/srv/workspaces/uploads/019aee4e-7200-7000-8000-000000000001", "archive", 12, 48_213), ServerJsonContext.Default.WorkspaceResource),
        [typeof(Leviathan.Engineering.Evaluation.EvaluationReport)] = () => JsonSerializer.SerializeToNode(
            new Leviathan.Engineering.Evaluation.EvaluationReport
            {
                Benchmark = "ramp-to-goal",
                Solution = "ramp-to-goal-plank",
                Reasons = [new Leviathan.Engineering.Evaluation.EvaluationReason("over_weight", "the parts weigh 0.61 kg; the benchmark allows 0.5 kg") { Measured = 0.61, Limit = 0.5, Unit = "kg" }],
                MaxUnitCost = 12.5,
                WeightKg = 0.61,
                MaxWeightKg = 0.5,
                Sandbox = "bubblewrap",
                Timings = new Leviathan.Engineering.Evaluation.EvaluationTimings(2.4, 0.1, 3.2),
            },
            Leviathan.Engineering.Json.EngineeringJsonContext.Default.EvaluationReport),
        [typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails)] = () => new JsonObject
        {
            ["type"] = Problems.ProblemTypes.Validation,
            ["title"] = "Invalid request",
            ["status"] = 400,
            ["detail"] = "the request has invalid fields: max_steps; see errors",
            ["errors"] = new JsonObject { ["max_steps"] = new JsonArray("must be from 1 to 1000, not 0") },
        },
        [typeof(Microsoft.AspNetCore.Mvc.ProblemDetails)] = () => new JsonObject
        {
            ["type"] = Problems.ProblemTypes.NotFound,
            ["title"] = "Not found",
            ["status"] = 404,
            ["detail"] = $"there is no run {RunId}",
        },
    };

    /// <summary>The example of <paramref name="type"/>'s schema, or null when it has none of its own.</summary>
    public static JsonNode? For(Type type) => Examples.TryGetValue(type, out var example) ? example() : null;

    private static JsonNode? Node<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) => JsonSerializer.SerializeToNode(value, info);
}
