namespace Leviathan.Server.Workspaces;

/// <summary>What an archive unpacked to.</summary>
internal sealed record ArchiveSummary(int Files, long Bytes);
