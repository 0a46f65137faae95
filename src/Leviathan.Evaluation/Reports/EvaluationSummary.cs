using Leviathan.Evaluation.Results;
using Leviathan.Evaluation.Statistics;

namespace Leviathan.Evaluation.Reports;

/// <summary>Everything the reports show, computed from results.jsonl (and the manifest, for descriptions and order).</summary>
public sealed record EvaluationSummary
{
    /// <summary>The manifest; null when the folder has none.</summary>
    public EvaluationManifest? Manifest { get; init; }

    /// <summary>Per configuration, in the manifest's order.</summary>
    public required IReadOnlyList<ConfigurationSummary> Configurations { get; init; }

    /// <summary>Tasks whose outcome differs between configurations.</summary>
    public required IReadOnlyList<TaskDifference> Differences { get; init; }

    /// <summary>Attempts lost to infrastructure faults, with their reasons.</summary>
    public required IReadOnlyList<AttemptResult> InfrastructureFailures { get; init; }

    /// <summary>The largest repeat number seen.</summary>
    public required int Repeats { get; init; }

    /// <summary>Summarises results.</summary>
    public static EvaluationSummary From(IReadOnlyList<AttemptResult> results, EvaluationManifest? manifest)
    {
        ArgumentNullException.ThrowIfNull(results);
        var names = manifest?.Configurations.Select(c => c.Name).ToList() ?? [];
        names.AddRange(results.Select(r => r.Configuration).Distinct(StringComparer.Ordinal).Where(n => !names.Contains(n, StringComparer.Ordinal)));
        var repeats = results.Count == 0 ? 0 : results.Max(r => r.Repeat);
        var configurations = names
            .Select(name => Summarise(name, manifest?.Configurations.FirstOrDefault(c => c.Name == name)?.Description ?? string.Empty, [.. results.Where(r => r.Configuration == name)], repeats))
            .ToList();

        var differences = new List<TaskDifference>();
        if (names.Count > 1)
        {
            foreach (var task in results.Select(r => r.Task).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var outcomes = names.ToDictionary(
                    n => n,
                    n =>
                    {
                        var counted = results.Where(r => r.Task == task && r.Configuration == n && r.Counts).ToList();
                        return (counted.Count(r => r.Succeeded), counted.Count);
                    },
                    StringComparer.Ordinal);
                var rates = outcomes.Values.Where(o => o.Item2 > 0).Select(o => (double)o.Item1 / o.Item2).Distinct().Count();
                if (rates > 1)
                {
                    differences.Add(new TaskDifference(task, outcomes.ToDictionary(o => o.Key, o => (o.Value.Item1, o.Value.Item2), StringComparer.Ordinal)));
                }
            }
        }

        return new EvaluationSummary
        {
            Manifest = manifest,
            Configurations = configurations,
            Differences = differences,
            InfrastructureFailures = [.. results.Where(r => r.FailureCategory == Running.FailureCategory.Infrastructure)],
            Repeats = repeats,
        };
    }

    private static ConfigurationSummary Summarise(string name, string description, List<AttemptResult> results, int repeats)
    {
        var counted = results.Where(r => r.Counts).ToList();
        var perTask = counted.GroupBy(r => r.Task, StringComparer.Ordinal).Select(g => (g.Count(), g.Count(r => r.Succeeded))).ToList();
        var passAtK = new Dictionary<int, double>();
        if (repeats > 1)
        {
            for (var k = 1; k <= repeats; k++)
            {
                var value = PassAtK.Mean(perTask, k);
                if (!double.IsNaN(value))
                {
                    passAtK[k] = value;
                }
            }
        }

        return new ConfigurationSummary
        {
            Name = name,
            Description = description,
            Attempts = results.Count,
            Counted = counted.Count,
            Succeeded = counted.Count(r => r.Succeeded),
            Infrastructure = results.Count(r => r.FailureCategory == Running.FailureCategory.Infrastructure),
            Cancelled = results.Count(r => r.FailureCategory == Running.FailureCategory.Cancelled),
            AgentVerified = counted.Count(r => r.AgentVerified),
            PassAtK = passAtK,
            CostUsd = results.Sum(r => r.CostUsd),
            TokensIn = results.Sum(r => r.TokensIn),
            TokensOut = results.Sum(r => r.TokensOut),
            Tasks = results.Select(r => r.Task).Distinct(StringComparer.Ordinal).Count(),
            Steps = Distribution.Of(counted.Select(r => (double)r.Steps)),
            WallSeconds = Distribution.Of(counted.Select(r => r.WallSeconds)),
            StepValues = [.. counted.Select(r => r.Steps)],
            Statuses = results.GroupBy(r => r.Status, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            Categories = results.GroupBy(r => r.FailureCategory, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
        };
    }
}
