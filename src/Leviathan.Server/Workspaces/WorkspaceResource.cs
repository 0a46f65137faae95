using System.ComponentModel;

namespace Leviathan.Server.Workspaces;

/// <summary>A workspace folder the server made from an upload or a clone; pass <see cref="Workspace"/> to <c>POST /v1/runs</c>.</summary>
internal sealed record WorkspaceResource(
    [property: Description("The absolute path of the new folder (under the first of serve.workspace_roots, in uploads/).")] string Workspace,
    [property: Description("archive or git.")] string Source,
    [property: Description("Regular files in it (for a clone: its tracked files).")] int Files,
    [property: Description("Their total size in bytes.")] long Bytes);
