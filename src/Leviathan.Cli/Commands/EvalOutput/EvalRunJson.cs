namespace Leviathan.Cli.Commands.EvalOutput;

/// <summary>One run of an evaluation in <c>eval show --json</c>.</summary>
internal sealed record EvalRunJson(Guid RunId, string Item, string Status, int Steps, decimal CostUsd);
