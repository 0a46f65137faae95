using System.Globalization;
using System.Net;
using System.Text;
using Leviathan.Evaluation.Results;

namespace Leviathan.Evaluation.Reports;

/// <summary>
/// Writes <c>report.md</c> (with its plots beside it under <c>plots/</c>) and <c>report.html</c> (self-contained: styles
/// inline, plots as data URIs, nothing fetched from the network) into an evaluation's output folder.
/// </summary>
public static class ReportWriter
{
    /// <summary>The Markdown report's name.</summary>
    public const string MarkdownName = "report.md";

    /// <summary>The HTML report's name.</summary>
    public const string HtmlName = "report.html";

    /// <summary>The folder of the plots report.md shows, beside it.</summary>
    public const string PlotsFolder = "plots";

    /// <summary>The plots' file names under <see cref="PlotsFolder"/> (PNG images), in the reports' order.</summary>
    public static readonly IReadOnlyList<string> PlotFiles = ["success-rate.png", "cost-vs-success.png", "steps.png"];

    /// <summary>Reads the folder's results and manifest and writes both reports; returns the summary they show.</summary>
    public static EvaluationSummary Write(string directory)
    {
        var summary = EvaluationSummary.From(ResultsFile.Read(directory), ResultsFile.ReadManifest(directory));
        var plots = new (string File, string Title, byte[] Png)[]
        {
            (PlotFiles[0], "Success rate with Wilson 95 % interval", ReportPlots.SuccessRates(summary.Configurations)),
            (PlotFiles[1], "Cost per task against success rate", ReportPlots.CostAgainstSuccess(summary.Configurations)),
            (PlotFiles[2], "Steps per attempt", ReportPlots.StepHistograms(summary.Configurations)),
        };
        var plotDirectory = Path.Combine(directory, PlotsFolder);
        Directory.CreateDirectory(plotDirectory);
        foreach (var (file, _, png) in plots)
        {
            File.WriteAllBytes(Path.Combine(plotDirectory, file), png);
        }

        File.WriteAllText(Path.Combine(directory, MarkdownName), Markdown(summary, plots));
        File.WriteAllText(Path.Combine(directory, HtmlName), Html(summary, plots));
        return summary;
    }

    private static IEnumerable<(string Title, string[] Header, List<string[]> Rows, string? Note)> Sections(EvaluationSummary summary)
    {
        var (h1, r1) = ReportTables.Success(summary);
        yield return ("Success", h1, r1, "Resolved = every hidden fail-to-pass and pass-to-pass test passed. Infrastructure faults and cancelled attempts are not counted." + (summary.Repeats > 1 ? " pass@k is the unbiased estimator over the repeats of each task." : string.Empty));
        var (h2, r2) = ReportTables.Cost(summary);
        yield return ("Cost and tokens", h2, r2, null);
        var (h3, r3) = ReportTables.Distributions(summary);
        yield return ("Steps and time (counted attempts)", h3, r3, null);
        var (h4, r4) = ReportTables.Statuses(summary);
        yield return ("Statuses and failure categories", h4, r4, null);
        if (summary.Configurations.Count > 1)
        {
            var (h5, r5) = ReportTables.Differences(summary);
            yield return ("Tasks that differ between configurations", h5, r5, r5.Count == 0 ? "Every task had the same outcome under every configuration." : "Resolved / counted attempts of each task.");
        }

        var (h6, r6) = ReportTables.Infrastructure(summary);
        yield return ("Infrastructure failures (not counted)", h6, r6, r6.Count == 0 ? "None." : null);
    }

    private static string Markdown(EvaluationSummary summary, (string File, string Title, byte[] Png)[] plots)
    {
        var text = new StringBuilder();
        text.Append("# Evaluation ").AppendLine(summary.Manifest?.SuiteId ?? string.Empty).AppendLine();
        Header(summary, (label, value) => text.Append("- ").Append(label).Append(": ").AppendLine(value));
        text.AppendLine();
        foreach (var (title, header, rows, note) in Sections(summary))
        {
            text.Append("## ").AppendLine(title).AppendLine();
            if (note is not null)
            {
                text.AppendLine(note).AppendLine();
            }

            if (rows.Count > 0)
            {
                text.Append("| ").AppendJoin(" | ", header.Select(Cell)).AppendLine(" |");
                text.Append('|').AppendJoin('|', header.Select(_ => "---")).AppendLine("|");
                foreach (var row in rows)
                {
                    text.Append("| ").AppendJoin(" | ", row.Select(Cell)).AppendLine(" |");
                }

                text.AppendLine();
            }
        }

        text.AppendLine("## Plots").AppendLine();
        foreach (var (file, title, _) in plots)
        {
            text.Append("![").Append(title).Append("](plots/").Append(file).AppendLine(")").AppendLine();
        }

        return text.ToString();
    }

    private static string Html(EvaluationSummary summary, (string File, string Title, byte[] Png)[] plots)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>").AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<title>Evaluation ").Append(Encode(summary.Manifest?.SuiteId ?? string.Empty)).AppendLine("</title>");
        html.AppendLine("<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}table{border-collapse:collapse;margin:0.5em 0 1.5em}" +
            "th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}th{background:#f2f2f2}" +
            "img{max-width:100%;border:1px solid #eee;margin:0.5em 0}</style></head><body>");
        html.Append("<h1>Evaluation ").Append(Encode(summary.Manifest?.SuiteId ?? string.Empty)).AppendLine("</h1><ul>");
        Header(summary, (label, value) => html.Append("<li>").Append(Encode(label)).Append(": ").Append(Encode(value)).AppendLine("</li>"));
        html.AppendLine("</ul>");
        foreach (var (title, header, rows, note) in Sections(summary))
        {
            html.Append("<h2>").Append(Encode(title)).AppendLine("</h2>");
            if (note is not null)
            {
                html.Append("<p>").Append(Encode(note)).AppendLine("</p>");
            }

            if (rows.Count > 0)
            {
                html.Append("<table><tr>").AppendJoin(string.Empty, header.Select(h => $"<th>{Encode(h)}</th>")).AppendLine("</tr>");
                foreach (var row in rows)
                {
                    html.Append("<tr>").AppendJoin(string.Empty, row.Select(c => $"<td>{Encode(c)}</td>")).AppendLine("</tr>");
                }

                html.AppendLine("</table>");
            }
        }

        html.AppendLine("<h2>Plots</h2>");
        foreach (var (_, title, png) in plots)
        {
            html.Append("<figure><img alt=\"").Append(Encode(title)).Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\"><figcaption>")
                .Append(Encode(title)).AppendLine("</figcaption></figure>");
        }

        html.AppendLine("</body></html>");
        return html.ToString();
    }

    private static void Header(EvaluationSummary summary, Action<string, string> line)
    {
        if (summary.Manifest is { } manifest)
        {
            line("evaluation", manifest.EvaluationId.ToString());
            line("suite", $"{manifest.SuiteId} ({manifest.SuitePath})");
            line("tasks", $"{manifest.Tasks.Count}, {manifest.Repeats} attempt(s) each per configuration");
            foreach (var configuration in manifest.Configurations)
            {
                line($"configuration {configuration.Name}", configuration.Description + (configuration.File is { } file ? $" ({file})" : string.Empty));
            }

            foreach (var resume in manifest.Resumes)
            {
                line("resumed", string.Create(CultureInfo.InvariantCulture, $"{resume.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC: {resume.Kept} finished attempt(s) kept, {resume.Rerun} run (again)"));
            }
        }
    }

    private static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
