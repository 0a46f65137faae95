namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>jobs</c>. Times are Unix milliseconds.</summary>
internal sealed class JobEntity
{
    public Guid Id { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string State { get; set; } = "queued";

    public string Payload { get; set; } = "{}";

    public Guid? KeyId { get; set; }

    public Guid? RunId { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    public string? LeaseOwner { get; set; }

    public long? LeaseExpiresAt { get; set; }

    public long? HeartbeatAt { get; set; }

    public long CreatedAt { get; set; }

    public long? StartedAt { get; set; }

    public long? EndedAt { get; set; }

    public string? Outcome { get; set; }

    public string? Reason { get; set; }

    public long? CancelRequestedAt { get; set; }

    public string? Result { get; set; }
}
