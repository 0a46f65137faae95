using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Standard;

/// <summary>The checks the file tools share, worded for the model.</summary>
internal static class StandardFiles
{
    /// <summary>Resolves a path that must name an existing regular file.</summary>
    public static string ExistingFile(WorkspaceRoot workspace, string path, bool forWrite = false)
    {
        var full = forWrite ? workspace.ResolveForWrite(path) : workspace.Resolve(path);
        switch (workspace.Files.KindOf(full))
        {
            case WorkspaceFileSystem.EntryKind.Directory:
                throw new ToolRefusedException($"'{path}' is a directory; use list_files to see what it holds.");
            case WorkspaceFileSystem.EntryKind.Missing:
                throw new ToolRefusedException($"'{path}' does not exist. Use list_files to see which files there are.");
            case WorkspaceFileSystem.EntryKind.Other:
                throw new ToolRefusedException($"'{path}' is not a regular file (a device, pipe or socket); only regular files can be read or edited.");
            default:
                return full;
        }
    }

    /// <param name="workspace">The workspace.</param>
    /// <param name="fullPath">The resolved file.</param>
    /// <param name="path">The path as the model gave it.</param>
    /// <param name="strict">Refuse text that is not UTF-8, because the file is about to be rewritten.</param>
    public static TextDocument LoadText(WorkspaceRoot workspace, string fullPath, string path, bool strict)
    {
        byte[]? bytes = null;
        try
        {
            return TextDocument.Load(workspace.Files, fullPath, strict, out bytes)
                ?? throw new ToolRefusedException($"'{path}' does not exist. Use list_files to see which files there are.");
        }
        catch (InvalidDataException ex) when (ex.Message == TextDocument.BinaryReason)
        {
            throw new ToolRefusedException($"'{path}' is a binary file ({bytes?.Length ?? 0} bytes); only text files can be read or edited.");
        }
        catch (InvalidDataException ex)
        {
            throw new ToolRefusedException($"'{path}' cannot be handled as text: {ex.Message}. Use run_command instead.");
        }
    }
}
