namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>artifacts</c>: a file of a run whose content lives in the blob folder under its SHA-256.</summary>
internal sealed class ArtifactEntity
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public Guid? EventId { get; set; }

    public string Sha256 { get; set; } = string.Empty;

    public long Size { get; set; }

    public string MediaType { get; set; } = "application/octet-stream";

    public string? Path { get; set; }

    public long CreatedAt { get; set; }
}
