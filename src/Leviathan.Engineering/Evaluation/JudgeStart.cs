using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// One start the judge simulates: <c>"0"</c> … for its seeded jitter samples, <c>"nominal"</c>, <c>"corner k"</c>.
/// <see cref="Pose"/> is the payload's start; <see cref="Others"/> the starts of the extra payloads, in file order.
/// </summary>
public sealed record JudgeStart(string Label, Pose Pose)
{
    /// <summary>Start poses of the benchmark's extra payloads, in the order of <c>extra_payloads</c> (empty with one payload).</summary>
    public IReadOnlyList<Pose> Others { get; init; } = [];

    /// <summary>Every payload's start: the payload's, then the extra payloads'.</summary>
    public IReadOnlyList<Pose> Poses => [Pose, .. Others];
}
