namespace Leviathan.Engineering.Generation;

/// <summary>One generated candidate in <c>index.json</c>: kept, or the reason it was rejected.</summary>
public sealed record CandidateRecord
{
    public required int Index { get; init; }

    public required string Id { get; init; }

    public required string Family { get; init; }

    public required long Seed { get; init; }

    public required bool Kept { get; init; }

    /// <summary><see cref="RejectionReasons"/> value; null when kept.</summary>
    public string? Reason { get; init; }

    public required string Detail { get; init; }

    /// <summary>Candidates the baseline solver screened (0 when it did not run).</summary>
    public int SolverCandidates { get; init; }

    public required double Seconds { get; init; }
}
