namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>One file of a git index: its path (UTF-8, slash-separated), mode, object id and the stat data that tells whether it changed.</summary>
internal sealed record GitIndexEntry(byte[] Path, uint Mode, byte[] ObjectId, GitFileStat Stat);
