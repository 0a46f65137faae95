using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Leviathan.Evaluation.Reports;

/// <summary>
/// An evaluation's summary as <c>eval run --json</c> and <c>eval report --json</c> print it, and as the service's
/// evaluation results carry it: the evaluation, its output folder and each configuration's figures.
/// </summary>
/// <param name="EvaluationId">The harness's evaluation id (<c>leviathan eval show</c>); omitted when unknown.</param>
/// <param name="Out">The evaluation's output folder (results.jsonl, reports, workspaces).</param>
/// <param name="Configurations">Each configuration's figures, in the evaluation's order.</param>
public sealed record EvaluationSummaryJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull), Description("The harness's evaluation id (leviathan eval show).")] Guid? EvaluationId,
    [property: Description("The evaluation's output folder (results.jsonl, report.md, report.html, plots/ and each attempt's workspace).")] string Out,
    [property: Description("Each configuration's figures, in the evaluation's order.")] IReadOnlyList<ConfigurationSummaryJson> Configurations)
{
    /// <summary>The figures of <paramref name="summary"/>.</summary>
    public static EvaluationSummaryJson From(EvaluationSummary summary, Guid? evaluationId, string outDir)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return new(evaluationId, outDir, [.. summary.Configurations.Select(ConfigurationSummaryJson.From)]);
    }
}
