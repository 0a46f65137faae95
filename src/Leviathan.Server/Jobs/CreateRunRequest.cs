using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Jobs;

/// <summary>The body of <c>POST /v1/runs</c>: a software run on a workspace folder under the allowed roots.</summary>
internal sealed record CreateRunRequest : IRequestBody
{
    [Description("The task, in words.")]
    [StringLength(10_000, MinimumLength = 1)]
    public required string Goal { get; init; }

    [Description("Absolute path of the workspace folder; it must lie under one of the server's serve.workspace_roots.")]
    [StringLength(4096, MinimumLength = 1)]
    [RegularExpression("^/.*$")]
    public required string Workspace { get; init; }

    [Description("The command that verifies the work (e.g. 'pytest -q'); the run succeeds only when it passes.")]
    [StringLength(4000, MinimumLength = 1)]
    public string? VerifyCommand { get; init; }

    [Description("The model profile every role uses; default: each role's route in the server's configuration.")]
    [StringLength(100, MinimumLength = 1)]
    public string? Profile { get; init; }

    [Description("The most agent steps the run may take.")]
    [Range(1, 1000)]
    public int? MaxSteps { get; init; }
}
