using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>edit_file</c>.</summary>
public sealed record EditFileArguments(
    [property: Description("File to edit, relative to the workspace root.")]
    [property: MinLength(1)]
    string Path,
    [property: Description("The exact text to replace, copied from the file (without read_file's line numbers). It must occur exactly once unless replace_all is true.")]
    [property: MinLength(1)]
    string OldText,
    [property: Description("The text to put in its place.")]
    string NewText,
    [property: Description("Replace every occurrence of old_text instead of requiring exactly one (default false).")]
    bool? ReplaceAll = null);
