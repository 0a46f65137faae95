namespace Leviathan.Persistence.Jobs;

/// <summary>
/// A job of the durable queue. <see cref="Attempts"/> counts the leases taken; <see cref="Outcome"/> is the run status
/// it ended with (or <c>error</c>) and <see cref="Reason"/> why.
/// </summary>
public sealed record JobRecord(
    Guid Id,
    string Kind,
    string State,
    string PayloadJson,
    Guid? KeyId,
    Guid? RunId,
    int Attempts,
    int MaxAttempts,
    string? LeaseOwner,
    DateTimeOffset? LeaseExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string? Outcome,
    string? Reason)
{
    /// <summary>When someone asked to cancel the job while it ran; its worker ends the run <c>cancelled</c>.</summary>
    public DateTimeOffset? CancelRequestedAt { get; init; }

    /// <summary>What the finished job made, as JSON (e.g. a backup's record); null when it has no result of its own.</summary>
    public string? ResultJson { get; init; }
}
