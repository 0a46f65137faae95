namespace Leviathan.Engineering.Generation;

/// <summary>What proving one candidate found: the rejection reason (null when proven) and, for proven ones, the figures of its reference.</summary>
internal sealed record ProofOutcome(string? Reason, string Detail, int SolverCandidates)
{
    public double? CostTightness { get; init; }

    public int? SolverStall { get; init; }

    public double? WeightTightness { get; init; }

    public int? Level { get; init; }

    public int? ReferenceParts { get; init; }

    public int? ReferenceMotors { get; init; }

    public IReadOnlyList<string>? ReferenceProcesses { get; init; }
}
