using System.ComponentModel;
using Leviathan.Persistence.Jobs;

namespace Leviathan.Server.Jobs;

/// <summary>A job of the durable queue and, once it started, the run it launched.</summary>
internal sealed record JobResource(
    Guid Id,
    [property: Description("software_run, physics_attempt, benchmark_generation, evaluation or backup.")] string Kind,
    [property: Description("queued, running or done.")] string State,
    [property: Description("The run, once created (GET /v1/runs/{run_id}); a resumed job names its latest run.")] Guid? RunId,
    [property: Description("Leases taken so far; more than one means a server stopped while running it.")] int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    [property: Description("When done: the run's status (succeeded, failed_verification, …), or for a generation succeeded, failed (its candidates ran out) or cancelled; error when the job itself failed.")] string? Outcome,
    string? Reason,
    [property: Description("When done, what the job made, by kind: a backup's record (key, provider, database_bytes, archive_bytes, sha256, blobs, created_at); an evaluation's summary (evaluation_id, out and each configuration's figures, as in GET /v1/evaluations/{id}/results) once it ran; null for runs (read the run) and generations (GET /v1/physics/generations/{id}).")] System.Text.Json.JsonElement Result)
{
    public static JobResource From(JobRecord job) =>
        new(job.Id, job.Kind, job.State, job.RunId, job.Attempts, job.CreatedAt, job.StartedAt, job.EndedAt, job.Outcome, job.Reason, Parse(job.ResultJson));

    /// <summary>The result as JSON; the JSON null when there is none (a nullable property would give the schema a oneOf that null matches twice).</summary>
    private static System.Text.Json.JsonElement Parse(string? json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json ?? "null");
        return document.RootElement.Clone();
    }
}
