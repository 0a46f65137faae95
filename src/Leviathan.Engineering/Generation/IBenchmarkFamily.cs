using Leviathan.Engineering.Benchmarks;

namespace Leviathan.Engineering.Generation;

/// <summary>A kind of generated benchmark: draws one randomized candidate from a seeded random source.</summary>
public interface IBenchmarkFamily
{
    /// <summary>The family name used on the command line, in ids and in <c>benchmark.json</c>.</summary>
    string Name { get; }

    BenchmarkSpec Create(string id, long seed, Random random);
}
