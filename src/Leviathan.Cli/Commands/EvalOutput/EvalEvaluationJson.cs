using System.Text.Json.Serialization;
using Leviathan.Persistence.Evaluations;

namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary><c>eval list --json</c> (one a recorded evaluation) and <c>eval show --json</c> (with its runs).</summary>
internal sealed record EvalEvaluationJson(
    Guid EvaluationId,
    string SuiteId,
    string SuitePath,
    string OutDir,
    IReadOnlyList<string> Configurations,
    int Repeats,
    int TaskCount,
    string Status,
    int RunCount,
    int Succeeded,
    decimal CostUsd,
    DateTimeOffset CreatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? EndedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<EvalRunJson>? Runs = null)
{
    public static EvalEvaluationJson From(EvaluationRecord e) =>
        new(e.Id, e.SuiteId, e.SuitePath, e.OutDir, e.Configurations, e.Repeats, e.TaskCount, e.Status, e.RunCount, e.Succeeded, e.CostUsd, e.CreatedAt, e.EndedAt);
}
