namespace Leviathan.Evaluation.Reports;

/// <summary>A task whose outcome differs between configurations: its successes out of counted attempts under each.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="Outcomes">Configuration name → (succeeded, counted).</param>
public sealed record TaskDifference(string TaskId, IReadOnlyDictionary<string, (int Succeeded, int Counted)> Outcomes);
