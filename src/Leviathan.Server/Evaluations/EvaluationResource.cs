using System.ComponentModel;
using Leviathan.Server.Jobs;

namespace Leviathan.Server.Evaluations;

/// <summary>An evaluation: its job, what it was asked for, and how far it got.</summary>
internal sealed record EvaluationResource(
    [property: Description("The evaluation's job (cancel it with POST /v1/jobs/{id}/cancel). Its outcome when done: succeeded (every attempt ran and was judged), failed (some attempt met an infrastructure failure), cancelled or error; its result then is the summary (as in GET /v1/evaluations/{id}/results).")] JobResource Job,
    [property: Description("The suite's id as the evaluation's manifest records it, null until the job has started.")] string? SuiteId,
    [property: Description("The suite's folder, as resolved on the server.")] string SuitePath,
    [property: Description("task_pack (software tasks judged on hidden tests) or physics_set (benchmarks judged by simulation).")] string SuiteKind,
    [property: Description("The configurations attempted, by name (default: the server's models and limits).")] IReadOnlyList<string> Configurations,
    int Parallel,
    [property: Description("The judgements at once asked for (the CLI's --judges); null: the lesser of parallel and the server's cores.")] int? Judges,
    int Repeat,
    [property: Description("The task globs asked for; null: every task.")] string? Tasks,
    [property: Description("Physics sets: the judge's jitter samples per benchmark; null for task packs.")] int? Samples,
    [property: Description("The harness's evaluation id (leviathan eval show), null until the job has started.")] Guid? EvaluationId,
    EvaluationProgressResource Progress,
    [property: Description("Each time the evaluation was resumed after its server stopped (the job's next attempt keeps what finished and runs the rest), oldest first; empty when it ran in one go.")] IReadOnlyList<EvaluationResumeResource> Resumes);
