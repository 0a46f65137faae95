using System.ComponentModel;
using Leviathan.Server.Jobs;

namespace Leviathan.Server.Evaluations;

/// <summary>An evaluation: its job, what it was asked for, and how far it got.</summary>
internal sealed record EvaluationResource(
    [property: Description("The evaluation's job (cancel it with POST /v1/jobs/{id}/cancel). Its outcome when done: succeeded (every attempt ran and was judged), failed (some attempt met an infrastructure failure), cancelled or error.")] JobResource Job,
    [property: Description("The suite's id (suite.yaml), null until the job has started.")] string? SuiteId,
    [property: Description("The task pack folder, as resolved on the server.")] string SuitePath,
    [property: Description("The configurations attempted, by name (default: the server's models and limits).")] IReadOnlyList<string> Configurations,
    int Parallel,
    int Repeat,
    [property: Description("The task globs asked for; null: every task.")] string? Tasks,
    [property: Description("The harness's evaluation id (leviathan eval show), null until the job has started.")] Guid? EvaluationId,
    [property: Description("Attempts planned: tasks × configurations × repeats; 0 until the job has started.")] int Total,
    [property: Description("Attempts ended so far.")] int Done,
    [property: Description("Attempts whose hidden tests passed when judged.")] int Resolved,
    [property: Description("Attempts that ended in an infrastructure failure (not counted in the rate).")] int InfrastructureFailures,
    [property: Description("What the ended attempts cost, in US dollars.")] decimal CostUsd);
