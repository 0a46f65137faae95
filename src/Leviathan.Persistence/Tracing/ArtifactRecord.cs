namespace Leviathan.Persistence.Tracing;

/// <summary>A stored file of a run; its bytes are in the blob folder under <see cref="Sha256"/>.</summary>
public sealed record ArtifactRecord(Guid Id, Guid RunId, Guid? EventId, string Sha256, long Size, string MediaType, string? Path, DateTimeOffset CreatedAt);
