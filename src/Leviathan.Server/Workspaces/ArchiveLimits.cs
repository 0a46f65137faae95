namespace Leviathan.Server.Workspaces;

/// <summary>The most an archive may unpack to.</summary>
internal sealed record ArchiveLimits(long MaxBytes, int MaxEntries);
