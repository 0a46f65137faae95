namespace Leviathan.Tools.Edits;

/// <summary>One file an edit wrote.</summary>
/// <param name="Path">Workspace-relative path.</param>
/// <param name="Kind"><c>created</c>, <c>modified</c> or <c>deleted</c>.</param>
/// <param name="LinesAdded">Lines in the new text that were not in the old.</param>
/// <param name="LinesRemoved">Lines in the old text that are not in the new.</param>
public sealed record FileChange(string Path, string Kind, int LinesAdded, int LinesRemoved);
