using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;

namespace Leviathan.Tools.Standard;

/// <summary><c>apply_patch {patch}</c>: applies a unified diff or SEARCH/REPLACE blocks, all or nothing.</summary>
public sealed class ApplyPatchTool : Tool<ApplyPatchArguments>
{
    public const string ToolName = "apply_patch";

    public ApplyPatchTool()
        : base(
            ToolName,
            "Apply a patch to one or more files. Hunks are found by content (line numbers are hints); old text must match "
            + "exactly once. If any block fails, no file changes and the result says why.")
    {
    }

    protected override Task<ToolResult> HandleAsync(ApplyPatchArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var report = EditEngine.Apply(context.Workspace, arguments.Patch);
        if (!report.Succeeded)
        {
            return Task.FromResult(ToolResult.Error(report.Describe()));
        }

        return Task.FromResult(ToolResult.Success(
            report.Describe(),
            [.. report.Changes.Select(c => new ToolArtifact(c.Path, c.Kind))]));
    }
}
