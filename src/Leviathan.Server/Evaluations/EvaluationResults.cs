using System.ComponentModel;

namespace Leviathan.Server.Evaluations;

/// <summary>Every attempt of an evaluation that has ended so far, in task, configuration and repeat order.</summary>
internal sealed record EvaluationResults(
    [property: Description("The evaluation's job id.")] Guid Id,
    [property: Description("queued, running or done: while running, more attempts may follow.")] string State,
    IReadOnlyList<EvaluationAttemptResource> Attempts);
