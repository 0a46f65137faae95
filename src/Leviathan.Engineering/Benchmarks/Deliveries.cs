namespace Leviathan.Engineering.Benchmarks;

/// <summary>
/// The payloads of a benchmark with their goal zones. A benchmark without <c>extra_payloads</c> has one delivery:
/// its payload into <c>zones.goal</c>, exactly as before payloads could be several.
/// </summary>
public static class Deliveries
{
    /// <summary>The name <c>zones.goal</c> goes by when it has none.</summary>
    public const string DefaultGoalName = "goal";

    /// <summary>The payload first, then the extra payloads in file order.</summary>
    public static IReadOnlyList<PayloadSpec> AllPayloads(this BenchmarkSpec benchmark) =>
        [benchmark.Payload, .. benchmark.ExtraPayloads ?? []];

    /// <summary><c>zones.goal</c> first (under its name, or <see cref="DefaultGoalName"/>), then <c>zones.extra_goals</c>.</summary>
    public static IReadOnlyList<(string Name, ZoneSpec Zone)> AllGoals(this BenchmarkSpec benchmark) =>
        [(benchmark.Zones.Goal.Name ?? DefaultGoalName, benchmark.Zones.Goal), .. (benchmark.Zones.ExtraGoals ?? []).Select(z => (z.Name ?? string.Empty, z))];

    /// <summary>Every payload with the goal it must reach (a validated benchmark: every goal name resolves).</summary>
    public static IReadOnlyList<Delivery> Of(BenchmarkSpec benchmark)
    {
        var goals = benchmark.AllGoals();
        var main = goals[0];
        var list = new List<Delivery> { new(0, benchmark.Payload, main.Zone, main.Name) };
        var extra = benchmark.ExtraPayloads ?? [];
        for (var i = 0; i < extra.Count; i++)
        {
            var name = extra[i].Goal;
            var goal = goals.FirstOrDefault(g => string.Equals(g.Name, name, StringComparison.Ordinal));
            if (goal.Zone is null)
            {
                throw new InvalidOperationException($"extra payload '{extra[i].Name}' names the goal zone '{name}', which does not exist (goal zones: {string.Join(", ", goals.Select(g => $"'{g.Name}'"))}); validate the benchmark first");
            }

            list.Add(new Delivery(i + 1, extra[i], goal.Zone, goal.Name));
        }

        return list;
    }

    /// <summary>More than one payload.</summary>
    public static bool HasSeveralPayloads(this BenchmarkSpec benchmark) => benchmark.ExtraPayloads is { Count: > 0 };
}
