namespace Leviathan.Tools.Snapshots;

/// <summary>One checkpoint: the workspace as it was before step <see cref="Step"/> ran.</summary>
/// <param name="Step">The step number (1 for the first checkpoint).</param>
/// <param name="Description">What was about to run (<c>write_file src/a.c</c>).</param>
/// <param name="Commit">The commit in Leviathan's snapshot repository.</param>
/// <param name="Time">When it was taken.</param>
public sealed record WorkspaceSnapshot(int Step, string Description, string Commit, DateTimeOffset Time);
