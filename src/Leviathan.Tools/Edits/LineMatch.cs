namespace Leviathan.Tools.Edits;

/// <summary>
/// Where a block's old text is in a file. Exactly one of the outcomes holds: found at
/// <see cref="Start"/>, ambiguous at <see cref="Candidates"/>, or not found.
/// </summary>
internal sealed record LineMatch
{
    /// <summary>0-based first line of the single match, or -1.</summary>
    public int Start { get; init; } = -1;

    public MatchStrategy Strategy { get; init; }

    /// <summary>The indentation difference when <see cref="Strategy"/> is <see cref="MatchStrategy.Indentation"/>.</summary>
    public IndentShift? Shift { get; init; }

    /// <summary>Whether several places matched and the diff header's line number picked one of them.</summary>
    public bool ChosenByHint { get; init; }

    /// <summary>0-based first lines of every match when more than one place matched (whether or not a hint chose one).</summary>
    public IReadOnlyList<int> Candidates { get; init; } = [];

    public bool Found => Start >= 0;

    public bool Ambiguous => !Found && Candidates.Count > 1;
}
