using System.Globalization;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Refuses, before any candidate is tried, a generation whose families cannot reach the levels asked for
/// (<see cref="Difficulty.Reach"/> of each family's <see cref="IBenchmarkFamily.LevelInputs"/>): with one level,
/// every family must reach it (a family that cannot would only make other_level candidates); with several, every
/// level must be reached by some family and every family must reach some level; with a number per family, every
/// family's benchmarks are spread over the asked levels it reaches, so it needs at least as many as those levels.
/// </summary>
public static class LevelReach
{
    /// <summary>Null when the combination can be generated; otherwise what is wrong and what to ask instead.</summary>
    public static LevelRefusal? Check(IReadOnlyList<IBenchmarkFamily> families, IReadOnlyList<int> levels, int solverCandidates, int? perFamily = null)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(levels);
        if (levels.Count == 0 || families.Count == 0)
        {
            return null;
        }

        var reach = families.Select(f => (Family: f.Name, Range: Difficulty.Reach(f.LevelInputs, solverCandidates))).ToList();
        var unreached = levels.Where(l => reach.All(r => !r.Range.Contains(l))).ToList();
        var others = BenchmarkFamilies.All.Where(f => families.All(s => s.Name != f.Name))
            .Select(f => (Family: f.Name, Range: Difficulty.Reach(f.LevelInputs, solverCandidates)))
            .Where(o => unreached.Any(o.Range.Contains))
            .ToList();
        var otherFamilies = others.Count > 0 ? $"; of the other families, {string.Join(", ", others.Select(o => $"{o.Family} ({o.Range})"))} can" : string.Empty;
        var leaveOut = reach.Where(r => !levels.Any(r.Range.Contains)).Select(r => r.Family).ToList();
        string message;
        if (levels.Count == 1)
        {
            if (leaveOut.Count == 0)
            {
                return null;
            }

            // One level: every family must reach it, or its candidates could only be other_level.
            var can = reach.Where(r => r.Range.Contains(levels[0])).ToList();
            message = string.Create(CultureInfo.InvariantCulture, $"{Ranges(reach.Where(r => !r.Range.Contains(levels[0])))} cannot reach level {levels[0]}")
                + (can.Count > 0 ? $"; {Ranges(can)} can" : $" (with {solverCandidates} solver candidates){otherFamilies}");
        }
        else
        {
            var problems = new List<string>();
            if (unreached.Count > 0)
            {
                problems.Add($"no family asked for can reach level {Levels(unreached)}");
            }

            foreach (var (family, range) in reach)
            {
                var reached = levels.Where(range.Contains).ToList();
                if (reached.Count == 0)
                {
                    problems.Add($"{family} reaches none of levels {Levels(levels)} (it reaches {range})");
                }
                else if (perFamily is { } n && reached.Count > n)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{n} per family cannot spread {family} over the {reached.Count} levels asked for that it reaches ({Levels(reached)})"));
                }
            }

            if (problems.Count == 0)
            {
                return null;
            }

            message = string.Create(CultureInfo.InvariantCulture, $"{string.Join("; ", problems)}. Levels each family asked for can reach (with {solverCandidates} solver candidates): {string.Join(", ", reach.Select(r => $"{r.Family} {r.Range}"))}{otherFamilies}");
        }

        var keep = reach.Where(r => !leaveOut.Contains(r.Family)).Select(r => r.Family).ToList();
        var hints = new List<string>();
        if (leaveOut.Count > 0 && keep.Count > 0)
        {
            hints.Add($"leave out {string.Join(", ", leaveOut)} (keep {string.Join(", ", keep)})");
        }

        if (others.Count > 0)
        {
            hints.Add($"add a family that reaches level {Levels(unreached)} ({string.Join(", ", others.Select(o => o.Family))})");
        }

        var common = Enumerable.Range(0, Difficulty.MaxLevel + 1).Where(l => reach.All(r => r.Range.Contains(l))).ToList();
        if (common.Count > 0)
        {
            hints.Add($"ask for levels every family asked for reaches ({Levels(common)})");
        }

        if (perFamily is not null && message.Contains("per family cannot spread", StringComparison.Ordinal))
        {
            hints.Add("ask for more per family or for fewer levels");
        }

        if (solverCandidates < 500 && levels.Any(l => reach.Any(r => l > r.Range.Max)))
        {
            hints.Add("raise the solver's candidates, which bounds how high a level can go");
        }

        return new LevelRefusal(message, hints.Count > 0 ? string.Join("; or ", hints) : "ask for other levels or families");
    }

    /// <summary>"drop (1-5), gap (0-4)".</summary>
    private static string Ranges(IEnumerable<(string Family, LevelRange Range)> reach) => string.Join(", ", reach.Select(r => $"{r.Family} ({r.Range})"));

    /// <summary>"0-3" for a run of levels, otherwise "0, 2, 5".</summary>
    internal static string Levels(IReadOnlyList<int> levels)
    {
        var sorted = levels.Order().ToList();
        return sorted.Count > 1 && sorted[^1] - sorted[0] == sorted.Count - 1
            ? string.Create(CultureInfo.InvariantCulture, $"{sorted[0]}-{sorted[^1]}")
            : string.Join(", ", sorted.Select(l => l.ToString(CultureInfo.InvariantCulture)));
    }
}
