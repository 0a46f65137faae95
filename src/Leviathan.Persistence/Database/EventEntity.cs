namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>events</c>: append-only, unique and gap-free <see cref="Seq"/> per run.</summary>
internal sealed class EventEntity
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public long Seq { get; set; }

    public Guid? ParentId { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string? Role { get; set; }

    public string Payload { get; set; } = "{}";

    public long Ts { get; set; }

    public long? DurationUs { get; set; }
}
