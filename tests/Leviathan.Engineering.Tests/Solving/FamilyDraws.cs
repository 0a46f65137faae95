using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Generation;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>Benchmarks drawn from every family, for checks that must hold (or change nothing) across all of them.</summary>
internal static class FamilyDraws
{
    /// <summary>Each family's draw at each of <paramref name="seeds"/>, with the id <c>family-seed</c>.</summary>
    public static IEnumerable<(IBenchmarkFamily Family, int Seed, BenchmarkSpec Benchmark)> Each(IEnumerable<int> seeds) =>
        from family in BenchmarkFamilies.All
        from seed in seeds
        select (family, seed, family.Create($"{family.Name}-{seed}", seed, new Random(seed)));
}
