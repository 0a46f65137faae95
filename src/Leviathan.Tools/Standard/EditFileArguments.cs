using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>edit_file</c>.</summary>
public sealed record EditFileArguments(
    [property: Description("Path relative to the workspace root.")]
    [property: MinLength(1)]
    string Path,
    [property: Description("Exact text to replace, copied from the file without read_file's line numbers.")]
    [property: MinLength(1)]
    string OldText,
    [property: Description("Replacement text.")]
    string NewText,
    [property: Description("Replace every occurrence (default false).")]
    bool? ReplaceAll = null);
