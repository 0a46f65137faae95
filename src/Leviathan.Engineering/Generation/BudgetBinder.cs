using Leviathan.Engineering.Benchmarks;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Makes a kept benchmark's cost and weight limits bind: each becomes the reference solution's figure times a factor
/// drawn uniformly from [<see cref="MinFactor"/>, <see cref="MaxFactor"/>], never below a floor
/// (<see cref="CostFloor"/> USD, <see cref="WeightFloor"/> kg) and never above the family's drawn limit. The factor is
/// drawn from its own generator seeded by the candidate seed, so the family's draws do not shift.
/// </summary>
public static class BudgetBinder
{
    /// <summary>Smallest limit as a multiple of the reference's figure.</summary>
    public const double MinFactor = 1.1;

    /// <summary>Largest limit as a multiple of the reference's figure.</summary>
    public const double MaxFactor = 1.6;

    /// <summary>
    /// Lowest unit-cost limit (USD): about what the cheapest part costs at any quantity — a small printed part pays
    /// 0.25 h of printer time at 3 USD/h (0.75 USD) plus material — so a limit never asks for less than one part.
    /// </summary>
    public const double CostFloor = 1.0;

    /// <summary>Lowest weight limit (kg): a 20 mm PLA cube weighs 0.01 kg.</summary>
    public const double WeightFloor = 0.01;

    /// <summary>The benchmark with bound limits, and how tight each is (limit / reference figure).</summary>
    /// <param name="benchmark">The benchmark whose limits are bound.</param>
    /// <param name="referenceCost">The reference's unit cost (USD).</param>
    /// <param name="referenceWeight">The reference's weight (kg).</param>
    /// <param name="seed">The candidate seed the factors are drawn with.</param>
    /// <param name="minFactor">Smallest factor drawn (default <see cref="MinFactor"/>; the generator asks for loose limits when it aims at level 0).</param>
    public static (BenchmarkSpec Benchmark, double CostTightness, double WeightTightness) Bind(BenchmarkSpec benchmark, double referenceCost, double referenceWeight, long seed, double minFactor = MinFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minFactor, MinFactor);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minFactor, MaxFactor);
        var random = new Random(unchecked((int)(seed ^ 0x5BD1E995)));
        var cost = Limit(referenceCost, CostFloor, benchmark.Limits.MaxUnitCost, random, 2, minFactor);
        var weight = Limit(referenceWeight, WeightFloor, benchmark.Limits.MaxWeight, random, 4, minFactor);
        var bound = benchmark with { Limits = benchmark.Limits with { MaxUnitCost = cost, MaxWeight = weight } };
        return (bound, Math.Round(cost / Math.Max(referenceCost, 1e-9), 3), Math.Round(weight / Math.Max(referenceWeight, 1e-9), 3));
    }

    private static double Limit(double reference, double floor, double drawn, Random random, int digits, double minFactor)
    {
        var factor = minFactor + (random.NextDouble() * (MaxFactor - minFactor));

        // Rounded up, so rounding never takes the limit under the reference's figure times the smallest factor.
        var scale = Math.Pow(10, digits);
        var limit = Math.Ceiling(reference * factor * scale) / scale;
        return Math.Min(drawn, Math.Max(floor, limit));
    }
}
