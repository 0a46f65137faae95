namespace Leviathan.Engineering.Generation;

/// <summary>Who proved a kept benchmark solvable, as <c>index.json</c> records it (<see cref="CandidateRecord.ProvenBy"/>).</summary>
public static class SolvabilityProof
{
    /// <summary>The baseline solver found the reference solution (every <c>bench generate</c> benchmark).</summary>
    public const string Baseline = "baseline";

    /// <summary>The benchmark team wrote the reference solution and it passed the full evaluation (<c>bench create</c>).</summary>
    public const string TeamReference = "team_reference";
}
