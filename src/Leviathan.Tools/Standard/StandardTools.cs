using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Standard;

/// <summary>The file tools every agent gets: read_file, write_file, edit_file, apply_patch, list_files, search_files.</summary>
public static class StandardTools
{
    /// <summary>New instances of the standard file tools, in the order they are offered.</summary>
    public static IReadOnlyList<ITool> Create() =>
    [
        new ReadFileTool(),
        new WriteFileTool(),
        new EditFileTool(),
        new ApplyPatchTool(),
        new ListFilesTool(),
        new SearchFilesTool(),
    ];
}
