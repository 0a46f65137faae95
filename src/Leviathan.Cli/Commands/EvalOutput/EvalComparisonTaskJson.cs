namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary>A task whose attempts differ between the two configurations compared.</summary>
internal sealed record EvalComparisonTaskJson(string Task, int SucceededA, int SucceededB, int Paired);
