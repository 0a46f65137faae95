namespace Leviathan.Evaluation.Suites;

/// <summary>One kept benchmark of a physics set.</summary>
public sealed record PhysicsBenchmark
{
    /// <summary>The benchmark's id (its folder's name).</summary>
    public required string Id { get; init; }

    /// <summary>The family it was generated from.</summary>
    public required string Family { get; init; }

    /// <summary>Its difficulty level (0–5); null when the set does not say.</summary>
    public int? Level { get; init; }

    /// <summary>The absolute path of its <c>benchmark.json</c>.</summary>
    public required string BenchmarkFile { get; init; }
}
