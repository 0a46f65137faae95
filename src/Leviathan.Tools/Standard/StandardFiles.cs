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
        if (Directory.Exists(full))
        {
            throw new ToolRefusedException($"'{path}' is a directory; use list_files to see what it holds.");
        }

        if (!File.Exists(full))
        {
            throw new ToolRefusedException($"'{path}' does not exist. Use list_files to see which files there are.");
        }

        return full;
    }

    /// <param name="fullPath">The resolved file.</param>
    /// <param name="path">The path as the model gave it.</param>
    /// <param name="strict">Refuse text that is not UTF-8, because the file is about to be rewritten.</param>
    public static TextDocument LoadText(string fullPath, string path, bool strict)
    {
        try
        {
            return TextDocument.Load(fullPath, strict);
        }
        catch (InvalidDataException ex) when (ex.Message == TextDocument.BinaryReason)
        {
            throw new ToolRefusedException($"'{path}' is a binary file ({new FileInfo(fullPath).Length} bytes); only text files can be read or edited.");
        }
        catch (InvalidDataException ex)
        {
            throw new ToolRefusedException($"'{path}' cannot be handled as text: {ex.Message}. Use run_command instead.");
        }
    }
}
