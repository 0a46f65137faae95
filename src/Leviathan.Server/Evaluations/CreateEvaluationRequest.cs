using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Evaluations;

/// <summary>
/// The body of <c>POST /v1/evaluations</c>: a suite's tasks × configurations × repeats, each attempt run (by the team, or
/// by the baseline solver for a configuration that says so) and judged, as <c>leviathan eval run</c> does.
/// </summary>
internal sealed record CreateEvaluationRequest : IRequestBody
{
    [Description("The task pack folder (suite.yaml and one folder per task; docs/evaluation.md) or physics set (index.json from bench generate), under one of serve.workspace_roots.")]
    [StringLength(4096, MinimumLength = 1)]
    public required string Suite { get; init; }

    [Description("The configurations to compare, each by name (the CLI's --config NAME=FILE); default: the server's models and limits as 'default'.")]
    [MinLength(1)]
    [MaxLength(EvaluationsApi.MaxConfigurations)]
    public IReadOnlyList<EvaluationConfigurationRequest>? Configurations { get; init; }

    [Description("Runs at once (the CLI's --parallel); default 1.")]
    [Range(1, 16)]
    public int? Parallel { get; init; }

    [Description("Judgements at once (the CLI's --judges: each runs hidden tests or a physics evaluation); default: the lesser of parallel and the server's cores.")]
    [Range(1, 16)]
    public int? Judges { get; init; }

    [Description("Attempts per task and configuration (the CLI's --repeat; pass@k for k up to it); default 1.")]
    [Range(1, 20)]
    public int? Repeat { get; init; }

    [Description("Only tasks whose id matches these comma-separated globs (* matches any run of characters; the CLI's --tasks); default: every task.")]
    [StringLength(200, MinimumLength = 1)]
    public string? Tasks { get; init; }

    [Description("Physics sets only: seeded jitter samples the judge draws per benchmark (plus the nominal start and the jitter corners), all of which must pass (the CLI's --samples); default 8.")]
    [Range(1, 1000)]
    public int? Samples { get; init; }
}
