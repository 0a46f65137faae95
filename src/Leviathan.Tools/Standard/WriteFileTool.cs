using System.Text;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Standard;

/// <summary><c>write_file {path, content}</c>: creates or replaces a whole file.</summary>
public sealed class WriteFileTool : Tool<WriteFileArguments>
{
    public const string ToolName = "write_file";

    public WriteFileTool()
        : base(
            ToolName,
            "Create a file or replace its whole content (to change part of a file, use edit_file or apply_patch).")
    {
    }

    protected override Task<ToolResult> HandleAsync(WriteFileArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var full = context.Workspace.ResolveForWrite(arguments.Path);
        var kind = context.Workspace.Files.KindOf(full);
        if (kind == WorkspaceFileSystem.EntryKind.Directory)
        {
            throw new ToolRefusedException($"'{arguments.Path}' is a directory; give the path of a file inside it.");
        }

        var existed = kind != WorkspaceFileSystem.EntryKind.Missing;
        var bytes = new UTF8Encoding(false).GetBytes(arguments.Content);
        var changes = new FileChangeSet(context.Workspace);
        changes.Stage(full, bytes);
        changes.Commit();
        var lines = TextDocument.SplitLines(arguments.Content).Count;
        var relative = context.Workspace.ToRelative(full);
        return Task.FromResult(ToolResult.Success(
            $"{(existed ? "Overwrote" : "Created")} {relative} ({lines} line{(lines == 1 ? "" : "s")}, {bytes.Length} bytes).",
            [new ToolArtifact(relative, existed ? "modified" : "created")]));
    }
}
