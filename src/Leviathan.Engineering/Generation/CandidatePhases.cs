namespace Leviathan.Engineering.Generation;

/// <summary>Wall-clock seconds a candidate spent in each proof (0 for a proof it did not reach).</summary>
public sealed record CandidatePhases
{
    /// <summary>Spec rules and the validator at every judged start.</summary>
    public double Valid { get; init; }

    /// <summary>The environment simulated alone from the judge's starts.</summary>
    public double Trivial { get; init; }

    /// <summary>The baseline solver's search, including its full evaluations (the last one is the reference's, under the bound limits).</summary>
    public double Solve { get; init; }

    /// <summary>Writing the bound benchmark and the reference's scene.</summary>
    public double Reference { get; init; }
}
