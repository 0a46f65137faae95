using System.Text.Json.Serialization;

namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary>The <c>--json</c> output of the <c>eval</c> commands (snake_case, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(Leviathan.Evaluation.Reports.EvaluationSummaryJson))]
[JsonSerializable(typeof(IReadOnlyList<EvalComparisonJson>))]
[JsonSerializable(typeof(IReadOnlyList<EvalEvaluationJson>))]
[JsonSerializable(typeof(EvalEvaluationJson))]
internal sealed partial class EvalJsonContext : JsonSerializerContext;
