using Leviathan.Core.Runs;

namespace Leviathan.Persistence.Evaluations;

/// <summary>A run tagged with an evaluation.</summary>
/// <param name="Run">The run as stored.</param>
/// <param name="Item">Which attempt of the evaluation it is (task, configuration and repeat, as the harness wrote it).</param>
public sealed record EvaluationRun(RunRecord Run, string Item);
