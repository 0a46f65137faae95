using Leviathan.Engineering.Evaluation;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The order in which screening simulates the judge's starts: the evaluator's sample 0 alone (the cheap first
/// test most candidates fail), then the corners of the jitter ranges (where a candidate that works at one start is
/// likeliest to miss), then the other samples and the nominal start, in groups run side by side.
/// </summary>
internal static class ScreeningOrder
{
    public static IReadOnlyList<IReadOnlyList<JudgeStart>> Groups(IReadOnlyList<JudgeStart> starts, int groupSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, 1);
        if (starts.Count == 0)
        {
            return [];
        }

        var rest = starts.Skip(1).ToList();
        var ordered = rest.Where(s => s.Label.StartsWith("corner", StringComparison.Ordinal))
            .Concat(rest.Where(s => !s.Label.StartsWith("corner", StringComparison.Ordinal) && s.Label != "nominal"))
            .Concat(rest.Where(s => s.Label == "nominal"))
            .ToList();
        var groups = new List<IReadOnlyList<JudgeStart>> { new[] { starts[0] } };
        groups.AddRange(ordered.Chunk(groupSize).Select(c => (IReadOnlyList<JudgeStart>)c));
        return groups;
    }
}
