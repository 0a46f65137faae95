namespace Leviathan.Tools.Edits;

/// <summary>One line of a unified-diff hunk: <c>' '</c> context, <c>'-'</c> removed or <c>'+'</c> added.</summary>
internal readonly record struct HunkLine(char Op, string Text);
