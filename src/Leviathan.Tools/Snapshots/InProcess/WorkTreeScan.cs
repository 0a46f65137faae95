namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>What <c>git add --all</c> would leave in the index, and the tree <c>git write-tree</c> would write from it.</summary>
internal sealed record WorkTreeScan(IReadOnlyList<GitIndexEntry> Entries, string TreeId);
