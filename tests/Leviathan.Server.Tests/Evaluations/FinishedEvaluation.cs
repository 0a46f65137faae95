using System.Text.Json;
using Leviathan.Evaluation.Configurations;
using Leviathan.Evaluation.Reports;
using Leviathan.Evaluation.Results;
using Leviathan.Persistence.Jobs;
using Leviathan.Persistence.Tracing;
using Leviathan.Server.Jobs;
using Leviathan.Server.Json;

namespace Leviathan.Server.Tests.Evaluations;

/// <summary>
/// Writes a finished evaluation into a store before its server starts, as a server that ran it leaves it: the job done,
/// and under <c>evaluations/JOB/</c> of the given workspace root the harness's manifest, results and reports.
/// </summary>
internal static class FinishedEvaluation
{
    public static async Task<Guid> SeedAsync(TraceStore store, string workspaceRoot, string suite)
    {
        var jobs = new JobStore(store, TimeProvider.System);
        var job = await jobs.EnqueueAsync(JobKinds.Evaluation, JsonSerializer.Serialize(new EvaluationPayload(suite, 1, 2, null), ServerJsonContext.Default.EvaluationPayload), null, 3);
        (await jobs.LeaseNextAsync("seeding-server", TimeSpan.FromMinutes(5)))!.Job.Id.ShouldBe(job.Id);
        var folder = Path.Combine(workspaceRoot, "evaluations", job.Id.ToString());
        Directory.CreateDirectory(folder);
        var evaluationId = Guid.CreateVersion7();
        ResultsFile.WriteManifest(folder, new EvaluationManifest
        {
            EvaluationId = evaluationId,
            SuiteId = "tiny",
            SuitePath = suite,
            Configurations = [new ManifestConfiguration("default", null, EvaluationConfiguration.Default.Describe())],
            Repeats = 2,
            Tasks = ["alpha"],
            CreatedAt = DateTimeOffset.UtcNow,
        });
        using (var results = ResultsFile.OpenForAppend(folder))
        {
            results.Append(new AttemptResult { Task = "alpha", Configuration = "default", Repeat = 1, Status = "succeeded", Judged = true, FailureCategory = "none", CostUsd = 0.25m, Steps = 3 });
            results.Append(new AttemptResult { Task = "alpha", Configuration = "default", Repeat = 2, Status = "succeeded", Judged = false, FailureCategory = "wrong_fix", CostUsd = 0.5m, Steps = 4 });
        }

        var summary = ReportWriter.Write(folder);
        var result = JsonSerializer.Serialize(EvaluationSummaryJson.From(summary, evaluationId, folder), ServerJsonContext.Default.EvaluationSummaryJson);
        (await jobs.CompleteAsync(job.Id, "seeding-server", "succeeded", "seeded", result)).ShouldBeTrue();
        return job.Id;
    }
}
