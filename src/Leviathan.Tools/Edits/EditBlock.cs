namespace Leviathan.Tools.Edits;

/// <summary>
/// One change to one file, from a SEARCH/REPLACE block or a diff hunk: the lines to find and the
/// lines to put in their place.
/// </summary>
internal sealed record EditBlock
{
    /// <summary>The path as written in the edit (workspace-relative).</summary>
    public required string Path { get; init; }

    public required EditKind Kind { get; init; }

    public IReadOnlyList<string> SearchLines { get; init; } = [];

    public IReadOnlyList<string> ReplaceLines { get; init; } = [];

    /// <summary>The hunk's lines, when the block came from a diff: context lines then keep the file's own text.</summary>
    public IReadOnlyList<HunkLine>? Hunk { get; init; }

    /// <summary>The 1-based line the diff header claims for the old text; a hint only.</summary>
    public int? HintLine { get; init; }

    /// <summary>The 1-based line of the edit text where the block starts, for messages.</summary>
    public int SourceLine { get; init; }

    /// <summary>Whether the new text ends without a newline (a diff's "\ No newline at end of file").</summary>
    public bool? NewEndsWithNewline { get; init; }

    /// <summary>A problem found while reading the block; such a block fails without being tried.</summary>
    public string? FormatError { get; init; }
}
