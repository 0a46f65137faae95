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
        var (job, folder) = await LeasedAsync(jobs, "seeding-server", workspaceRoot, suite, repeat: 2);
        var evaluationId = Guid.CreateVersion7();
        WriteManifest(folder, evaluationId, suite, ["alpha"], repeats: 2);
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

    /// <summary>Queues an evaluation of <paramref name="suite"/> and leases it as <paramref name="owner"/>; its folder is made.</summary>
    public static async Task<(JobRecord Job, string Folder)> LeasedAsync(JobStore jobs, string owner, string workspaceRoot, string suite, int repeat = 1, TimeSpan? lease = null)
    {
        var job = await jobs.EnqueueAsync(JobKinds.Evaluation, JsonSerializer.Serialize(new EvaluationPayload(suite, 1, repeat, null), ServerJsonContext.Default.EvaluationPayload), null, 3);
        (await jobs.LeaseNextAsync(owner, lease ?? TimeSpan.FromMinutes(5)))!.Job.Id.ShouldBe(job.Id);
        var folder = Path.Combine(workspaceRoot, "evaluations", job.Id.ToString());
        Directory.CreateDirectory(folder);
        return (job, folder);
    }

    /// <summary>The manifest the harness writes first: one evaluation of the <c>tiny</c> suite under the default configuration.</summary>
    public static void WriteManifest(string folder, Guid evaluationId, string suite, IReadOnlyList<string> tasks, int repeats = 1) =>
        ResultsFile.WriteManifest(folder, new EvaluationManifest
        {
            EvaluationId = evaluationId,
            SuiteId = "tiny",
            SuitePath = suite,
            Configurations = [new ManifestConfiguration("default", null, EvaluationConfiguration.Default.Describe())],
            Repeats = repeats,
            Tasks = [.. tasks],
            CreatedAt = DateTimeOffset.UtcNow,
        });
}
