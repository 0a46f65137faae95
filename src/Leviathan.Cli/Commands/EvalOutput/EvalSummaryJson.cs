using System.Text.Json.Serialization;
using Leviathan.Evaluation.Reports;

namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary><c>eval run --json</c> and <c>eval report --json</c>: the evaluation, its output folder and each configuration's figures.</summary>
internal sealed record EvalSummaryJson(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? EvaluationId,
    string Out,
    IReadOnlyList<EvalConfigurationJson> Configurations)
{
    public static EvalSummaryJson From(EvaluationSummary summary, Guid? evaluationId, string outDir) =>
        new(evaluationId, outDir, [.. summary.Configurations.Select(EvalConfigurationJson.From)]);
}
