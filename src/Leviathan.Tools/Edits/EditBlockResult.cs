namespace Leviathan.Tools.Edits;

/// <summary>What happened to one block of an edit.</summary>
/// <param name="Block">1-based number of the block in the edit.</param>
/// <param name="Path">The file the block names, as written.</param>
/// <param name="SourceLine">1-based line of the edit text where the block starts.</param>
/// <param name="Applied">Whether the block matched (it is written only if every block matched).</param>
/// <param name="Match">How it matched, when it did.</param>
/// <param name="Message">Why it failed, or a note about how it matched.</param>
public sealed record EditBlockResult(int Block, string Path, int SourceLine, bool Applied, MatchStrategy? Match, string? Message);
