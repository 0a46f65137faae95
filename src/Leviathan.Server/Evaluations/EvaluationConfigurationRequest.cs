using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Evaluations;

/// <summary>One named configuration of an evaluation (the CLI's <c>--config NAME=FILE</c>).</summary>
internal sealed record EvaluationConfigurationRequest : IRequestBody
{
    [Description("The configuration's name: letters, digits, '.', '_' and '-'; unique within the evaluation (it labels results and reports).")]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression("^[A-Za-z0-9._-]+$")]
    public required string Name { get; init; }

    [Description("A configuration YAML (profile, routes, prompts, budget, sandbox, solver, baseline; docs/evaluation.md) under one of serve.workspace_roots.")]
    [StringLength(4096, MinimumLength = 1)]
    public required string File { get; init; }
}
