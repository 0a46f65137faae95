namespace Leviathan.Evaluation.Suites;

/// <summary>
/// A physics benchmark set: a folder written by <c>bench generate</c> (or <c>bench create</c>), with <c>index.json</c> and one
/// folder per kept benchmark holding <c>benchmark.json</c> and its proven reference solution.
/// </summary>
public sealed record PhysicsSet : IEvaluationSuite
{
    /// <summary>The set's id: its folder's name.</summary>
    public required string Id { get; init; }

    /// <inheritdoc />
    public required string Directory { get; init; }

    /// <summary>The kept benchmarks, in the order of <c>index.json</c>.</summary>
    public required IReadOnlyList<PhysicsBenchmark> Benchmarks { get; init; }

    /// <inheritdoc />
    public IReadOnlyList<string> TaskIds => [.. Benchmarks.Select(b => b.Id)];

    /// <summary>The set itself: each benchmark's folder holds its reference solution.</summary>
    public IReadOnlyList<string> PathsHiddenFromAgents => [Directory];

    /// <summary>The benchmark with an id; null when there is none.</summary>
    public PhysicsBenchmark? Find(string id) => Benchmarks.FirstOrDefault(b => string.Equals(b.Id, id, StringComparison.Ordinal));
}
