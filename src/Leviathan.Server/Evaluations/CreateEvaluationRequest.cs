using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Evaluations;

/// <summary>The body of <c>POST /v1/evaluations</c>: a task pack's tasks × repeats, each run by the team and judged on its hidden tests.</summary>
internal sealed record CreateEvaluationRequest : IRequestBody
{
    [Description("The task pack folder (suite.yaml and one folder per task; docs/evaluation.md), under one of serve.workspace_roots.")]
    [StringLength(4096, MinimumLength = 1)]
    public required string Suite { get; init; }

    [Description("Runs at once (the CLI's --parallel); default 1.")]
    [Range(1, 16)]
    public int? Parallel { get; init; }

    [Description("Attempts per task (the CLI's --repeat; pass@k for k up to it); default 1.")]
    [Range(1, 20)]
    public int? Repeat { get; init; }

    [Description("Only tasks whose id matches these comma-separated globs (* matches any run of characters; the CLI's --tasks); default: every task.")]
    [StringLength(200, MinimumLength = 1)]
    public string? Tasks { get; init; }
}
