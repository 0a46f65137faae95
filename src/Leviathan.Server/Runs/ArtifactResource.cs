using System.ComponentModel;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Server.Runs;

/// <summary>A file a run produced; its content is at <c>/v1/runs/{run_id}/artifacts/{sha256}</c>.</summary>
internal sealed record ArtifactResource(
    Guid Id,
    Guid RunId,
    Guid? EventId,
    [property: Description("SHA-256 of the content, lowercase hex: the content's address and ETag.")] string Sha256,
    long Size,
    string MediaType,
    string? Path,
    DateTimeOffset CreatedAt)
{
    public static ArtifactResource From(ArtifactRecord artifact) =>
        new(artifact.Id, artifact.RunId, artifact.EventId, artifact.Sha256, artifact.Size, artifact.MediaType, artifact.Path, artifact.CreatedAt);
}
