using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>What counts as success.</summary>
public sealed record ObjectiveSpec
{
    [Doc("'at_end': centre in the goal when the time is up; 'any_time': centre in the goal at some moment.")]
    public required ObjectiveKind Kind { get; init; }

    [Doc("Simulated seconds.")]
    public required double TimeLimit { get; init; }
}
