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

    /// <summary>
    /// The longest stretch of screened candidates over which the solver's best score did not improve by 1 mm (up to
    /// the reference, for kept ones): what <see cref="GeneratorOptions.SolverStallLimit"/> is set from.
    /// </summary>
    public int? SolverStall { get; init; }

    public required double Seconds { get; init; }

    /// <summary>Where <see cref="Seconds"/> went, proof by proof.</summary>
    public CandidatePhases? Phases { get; init; }

    /// <summary>Proven ones: the difficulty level 0–5 (<see cref="Difficulty"/>).</summary>
    public int? Level { get; init; }

    /// <summary>Proven ones: parts of the reference solution.</summary>
    public int? ReferenceParts { get; init; }

    /// <summary>Proven ones: motors the reference solution drives.</summary>
    public int? ReferenceMotors { get; init; }

    /// <summary>Proven ones: the processes the reference's parts are made by (snake_case, as in solution.json).</summary>
    public IReadOnlyList<string>? ReferenceProcesses { get; init; }

    /// <summary>Kept ones: the unit-cost limit divided by the reference's unit cost (1.1–1.6, more only at the floor).</summary>
    public double? CostTightness { get; init; }

    /// <summary>Kept ones: the weight limit divided by the reference's weight (1.1–1.6, more only at the floor).</summary>
    public double? WeightTightness { get; init; }

    /// <summary>Kept ones: who proved the benchmark solvable (<see cref="SolvabilityProof"/>: the baseline solver or the benchmark team's reference).</summary>
    public string? ProvenBy { get; init; }

    /// <summary>Benchmarks written by the benchmark team (<c>bench create</c>): the run that wrote them.</summary>
    public Guid? RunId { get; init; }
}
