namespace Leviathan.Server.Runs;

/// <summary>A run's artifacts, oldest first.</summary>
internal sealed record ArtifactList(IReadOnlyList<ArtifactResource> Items);
