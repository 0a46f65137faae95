namespace Leviathan.Engineering.Generation;

/// <summary><c>DIR/index.json</c>: the options of a generation run and every candidate tried, in order.</summary>
public sealed record GenerationIndex
{
    public required long Seed { get; init; }

    public required int Count { get; init; }

    public required IReadOnlyList<string> Families { get; init; }

    public required IReadOnlyList<CandidateRecord> Candidates { get; init; }

    public int Kept => Candidates.Count(c => c.Kept);

    /// <summary>Rejected candidates per reason (every <see cref="RejectionReasons"/> value, 0 when none).</summary>
    public IReadOnlyDictionary<string, int> Rejected => new[] { RejectionReasons.Invalid, RejectionReasons.Trivial, RejectionReasons.Unsolved }
        .ToDictionary(r => r, r => Candidates.Count(c => c.Reason == r), StringComparer.Ordinal);
}
