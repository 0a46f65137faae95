namespace Leviathan.Evaluation.Configurations;

/// <summary>How the baseline solver searches in a <c>solver: baseline</c> configuration (the <c>baseline</c> map; defaults as <c>bench solve</c>).</summary>
/// <param name="Seed">Seed of the search.</param>
/// <param name="MaxCandidates">Most candidates screened per benchmark.</param>
/// <param name="Budget">Wall-clock cap on the search per benchmark.</param>
public sealed record BaselineSettings(int Seed, int MaxCandidates, TimeSpan Budget)
{
    /// <summary><c>bench solve</c>'s defaults: seed 1, 1000 candidates, 300 s.</summary>
    public static BaselineSettings Default { get; } = new(1, 1000, TimeSpan.FromSeconds(300));
}
