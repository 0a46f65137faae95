using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Leviathan.Server.OpenApi;

namespace Leviathan.Server.Workspaces;

/// <summary>The body of <c>POST /v1/workspaces/git</c>: a repository and the commit to check out.</summary>
internal sealed record GitWorkspaceRequest : IRequestBody
{
    [Description("An https:// URL, or a repository on the server under serve.workspace_roots (an absolute path or a file:// URL).")]
    [StringLength(4096, MinimumLength = 1)]
    public required string Url { get; init; }

    [Description("The full id of the commit to check out (40 lowercase hex digits); it must be on a branch or tag of the repository.")]
    [RegularExpression("^[0-9a-f]{40}$")]
    public required string Commit { get; init; }
}
