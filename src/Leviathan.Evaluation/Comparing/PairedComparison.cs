namespace Leviathan.Evaluation.Comparing;

/// <summary>Two configurations compared on the attempts they have in common (same task, same repeat).</summary>
/// <param name="ConfigurationA">The configuration of the first evaluation.</param>
/// <param name="ConfigurationB">The configuration of the second.</param>
/// <param name="Pairs">Attempts counted in both.</param>
/// <param name="BothSucceeded">Pairs both resolved.</param>
/// <param name="OnlyA">Pairs only A resolved.</param>
/// <param name="OnlyB">Pairs only B resolved.</param>
/// <param name="NeitherSucceeded">Pairs neither resolved.</param>
/// <param name="PValue">The exact McNemar test's two-sided p-value.</param>
/// <param name="Tasks">Every task whose outcome differs: (task, A resolved/paired, B resolved/paired).</param>
/// <param name="OnlyInA">Tasks attempted (counted) in A only.</param>
/// <param name="OnlyInB">Tasks attempted (counted) in B only.</param>
public sealed record PairedComparison(
    string ConfigurationA,
    string ConfigurationB,
    int Pairs,
    int BothSucceeded,
    int OnlyA,
    int OnlyB,
    int NeitherSucceeded,
    double PValue,
    IReadOnlyList<(string TaskId, int SucceededA, int SucceededB, int Paired)> Tasks,
    IReadOnlyList<string> OnlyInA,
    IReadOnlyList<string> OnlyInB)
{
    /// <summary>A's success rate on the pairs.</summary>
    public double RateA => Pairs == 0 ? 0 : (double)(BothSucceeded + OnlyA) / Pairs;

    /// <summary>B's success rate on the pairs.</summary>
    public double RateB => Pairs == 0 ? 0 : (double)(BothSucceeded + OnlyB) / Pairs;
}
