using System.Globalization;

namespace Leviathan.Evaluation.Reports;

/// <summary>The report's tables as rows of cells, shared by the Markdown and the HTML report.</summary>
internal static class ReportTables
{
    public static (string[] Header, List<string[]> Rows) Success(EvaluationSummary summary)
    {
        var ks = summary.Configurations.SelectMany(c => c.PassAtK.Keys).Distinct().Order().ToList();
        string[] header = ["configuration", "resolved", "rate", "Wilson 95 %", .. ks.Select(k => $"pass@{k}"), "agent-verified", "infrastructure", "cancelled"];
        var rows = summary.Configurations.Select(c => (string[])
        [
            c.Name,
            $"{c.Succeeded}/{c.Counted}",
            Percent(c.Rate),
            $"{Percent(c.Interval.Lower)} – {Percent(c.Interval.Upper)}",
            .. ks.Select(k => c.PassAtK.TryGetValue(k, out var v) ? Percent(v) : "–"),
            $"{c.AgentVerified}/{c.Counted}",
            c.Infrastructure.ToString(CultureInfo.InvariantCulture),
            c.Cancelled.ToString(CultureInfo.InvariantCulture),
        ]).ToList();
        return (header, rows);
    }

    public static (string[] Header, List<string[]> Rows) Cost(EvaluationSummary summary)
    {
        string[] header = ["configuration", "cost", "cost / task", "cost / success", "tokens in", "tokens out", "tokens / task", "tokens / success"];
        var rows = summary.Configurations.Select(c => new[]
        {
            c.Name,
            Usd(c.CostUsd),
            Usd(c.CostPerTask),
            c.CostPerSuccess is { } perSuccess ? Usd(perSuccess) : "–",
            c.TokensIn.ToString("N0", CultureInfo.InvariantCulture),
            c.TokensOut.ToString("N0", CultureInfo.InvariantCulture),
            c.TokensPerTask.ToString("N0", CultureInfo.InvariantCulture),
            c.TokensPerSuccess is { } tokens ? tokens.ToString("N0", CultureInfo.InvariantCulture) : "–",
        }).ToList();
        return (header, rows);
    }

    public static (string[] Header, List<string[]> Rows) Distributions(EvaluationSummary summary)
    {
        string[] header = ["configuration", "steps mean", "steps median", "steps p90", "steps max", "time mean (s)", "time median (s)", "time p90 (s)", "time max (s)"];
        var rows = summary.Configurations.Select(c => new[]
        {
            c.Name, Number(c.Steps.Mean), Number(c.Steps.Median), Number(c.Steps.P90), Number(c.Steps.Max),
            Number(c.WallSeconds.Mean), Number(c.WallSeconds.Median), Number(c.WallSeconds.P90), Number(c.WallSeconds.Max),
        }).ToList();
        return (header, rows);
    }

    public static (string[] Header, List<string[]> Rows) Statuses(EvaluationSummary summary)
    {
        var statuses = summary.Configurations.SelectMany(c => c.Statuses.Keys).Distinct(StringComparer.Ordinal).ToList();
        var categories = summary.Configurations.SelectMany(c => c.Categories.Keys).Distinct(StringComparer.Ordinal).ToList();
        string[] header = ["configuration", .. statuses.Select(s => $"status {s}"), .. categories.Select(c => $"category {c}")];
        var rows = summary.Configurations.Select(c => (string[])
        [
            c.Name,
            .. statuses.Select(s => c.Statuses.GetValueOrDefault(s).ToString(CultureInfo.InvariantCulture)),
            .. categories.Select(k => c.Categories.GetValueOrDefault(k).ToString(CultureInfo.InvariantCulture)),
        ]).ToList();
        return (header, rows);
    }

    public static (string[] Header, List<string[]> Rows) Differences(EvaluationSummary summary)
    {
        string[] header = ["task", .. summary.Configurations.Select(c => c.Name)];
        var rows = summary.Differences.Select(d => (string[])
        [
            d.TaskId,
            .. summary.Configurations.Select(c => d.Outcomes.TryGetValue(c.Name, out var o) ? $"{o.Succeeded}/{o.Counted}" : "–"),
        ]).ToList();
        return (header, rows);
    }

    public static (string[] Header, List<string[]> Rows) Infrastructure(EvaluationSummary summary)
    {
        string[] header = ["task", "configuration", "repeat", "run", "what went wrong"];
        var rows = summary.InfrastructureFailures.Select(r => new[]
        {
            r.Task, r.Configuration, r.Repeat.ToString(CultureInfo.InvariantCulture), r.RunId?.ToString() ?? "(none)", r.Reason ?? string.Empty,
        }).ToList();
        return (header, rows);
    }

    public static string Percent(double value) => ReportFormat.Percent(value);

    public static string Usd(decimal value) => ReportFormat.Usd(value);

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
