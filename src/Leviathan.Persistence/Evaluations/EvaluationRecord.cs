namespace Leviathan.Persistence.Evaluations;

/// <summary>An evaluation as stored: which suite ran under which configurations, where its results are, and how far it got.</summary>
/// <param name="Id">The evaluation id (runs carry it as their tag).</param>
/// <param name="SuiteId">The suite's id.</param>
/// <param name="SuitePath">The suite folder.</param>
/// <param name="OutDir">The folder with results.jsonl and the reports.</param>
/// <param name="Configurations">The configuration names, in the order given.</param>
/// <param name="Repeats">Attempts per task and configuration.</param>
/// <param name="TaskCount">Tasks selected.</param>
/// <param name="Status"><c>running</c>, <c>finished</c>, <c>cancelled</c> or <c>interrupted</c> (its process died).</param>
/// <param name="RunCount">Runs with a result so far.</param>
/// <param name="Succeeded">Runs judged resolved so far.</param>
/// <param name="CostUsd">Model cost so far.</param>
/// <param name="CreatedAt">When it started first.</param>
/// <param name="EndedAt">When it last ended; null while running.</param>
public sealed record EvaluationRecord(
    Guid Id,
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
    DateTimeOffset? EndedAt);
