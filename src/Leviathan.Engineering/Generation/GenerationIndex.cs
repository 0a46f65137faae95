namespace Leviathan.Engineering.Generation;

/// <summary><c>DIR/index.json</c>: the options of a generation run and every candidate tried, in order.</summary>
public sealed record GenerationIndex
{
    public required long Seed { get; init; }

    public required int Count { get; init; }

    public required IReadOnlyList<string> Families { get; init; }

    public required IReadOnlyList<CandidateRecord> Candidates { get; init; }

    /// <summary>
    /// Every setting the result depends on (<see cref="GenerationJournalHeader.Settings"/>: seed, count, families, level,
    /// max candidates, the solver's switches such as <c>solver_hinged_ramps</c> and <c>solver_candidates</c>, and the
    /// proofs' settings), so that the set can be reproduced from its index alone; null in indexes written before it was
    /// recorded and in sets made by <c>bench create</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Settings { get; init; }

    public int Kept => Candidates.Count(c => c.Kept);

    /// <summary>Rejected candidates per reason (every <see cref="RejectionReasons"/> value, 0 when none).</summary>
    public IReadOnlyDictionary<string, int> Rejected => RejectionReasons.All
        .ToDictionary(r => r, r => Candidates.Count(c => c.Reason == r), StringComparer.Ordinal);

    /// <summary>The level <c>--level</c> asked for; null when any level is kept.</summary>
    public int? Level { get; init; }

    /// <summary>The levels <c>--level</c> asked for when it named several (e.g. <c>0-3</c>); null otherwise.</summary>
    public IReadOnlyList<int>? LevelsAsked { get; init; }

    /// <summary>Kept benchmarks per difficulty level ("0" … "5", 0 when none).</summary>
    public IReadOnlyDictionary<string, int> Levels => Enumerable.Range(0, Difficulty.MaxLevel + 1)
        .ToDictionary(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture), l => Candidates.Count(c => c.Kept && c.Level == l), StringComparer.Ordinal);
}
