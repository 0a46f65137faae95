using System.ComponentModel;
using Leviathan.Evaluation.Reports;

namespace Leviathan.Server.Evaluations;

/// <summary>Every attempt of an evaluation that has ended so far, in task, configuration and repeat order, and once done its summary.</summary>
internal sealed record EvaluationResults(
    [property: Description("The evaluation's job id.")] Guid Id,
    [property: Description("queued, running or done: while running, more attempts may follow.")] string State,
    IReadOnlyList<EvaluationAttemptResource> Attempts,
    [property: Description("Once done (and started): each configuration's figures, as leviathan eval run --json prints them; null before.")] EvaluationSummaryJson? Summary);
