using System.ComponentModel;
using Leviathan.Persistence.Jobs;

namespace Leviathan.Server.Jobs;

/// <summary>A job of the durable queue and, once it started, the run it launched.</summary>
internal sealed record JobResource(
    Guid Id,
    [property: Description("software_run, physics_attempt or benchmark_generation.")] string Kind,
    [property: Description("queued, running or done.")] string State,
    [property: Description("The run, once created (GET /v1/runs/{run_id}); a resumed job names its latest run.")] Guid? RunId,
    [property: Description("Leases taken so far; more than one means a server stopped while running it.")] int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    [property: Description("When done: the run's status (succeeded, failed_verification, …), or for a generation succeeded, failed (its candidates ran out) or cancelled; error when the job itself failed.")] string? Outcome,
    string? Reason)
{
    public static JobResource From(JobRecord job) =>
        new(job.Id, job.Kind, job.State, job.RunId, job.Attempts, job.CreatedAt, job.StartedAt, job.EndedAt, job.Outcome, job.Reason);
}
