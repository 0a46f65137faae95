using Leviathan.Persistence.Jobs;
using Leviathan.Server.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Leviathan.Server.Jobs;

/// <summary>
/// The long poll of the GET operations of jobs and of the resources jobs make (<c>wait_seconds</c>, 0 to 60): answer as
/// soon as the job is done, or as it is when the wait is over.
/// </summary>
internal static class JobWaiting
{
    public const int MaxSeconds = 60;

    /// <summary>The problem naming <c>wait_seconds</c> when it is out of range; null when it is fine (or absent).</summary>
    public static ValidationProblem? Invalid(int? waitSeconds) =>
        waitSeconds is < 0 or > MaxSeconds ? ProblemResults.Invalid("wait_seconds", $"must be from 0 to {MaxSeconds}, not {waitSeconds}") : null;

    /// <summary>The job once it is done, or as it is when <paramref name="waitSeconds"/> are over.</summary>
    public static async Task<JobRecord> UntilDoneAsync(JobStore jobs, ServerOptions options, TimeProvider time, JobRecord job, int? waitSeconds, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + TimeSpan.FromSeconds(waitSeconds ?? 0);
        while (job.State != JobState.Done && time.GetUtcNow() < until)
        {
            await Task.Delay(options.JobPollInterval, time, cancellationToken);
            job = (await jobs.FindAsync(job.Id, cancellationToken))!;
        }

        return job;
    }
}
