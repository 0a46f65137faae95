using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>write_file</c>.</summary>
public sealed record WriteFileArguments(
    [property: Description("File to create or overwrite, relative to the workspace root. Missing folders are created.")]
    [property: MinLength(1)]
    string Path,
    [property: Description("The complete new content of the file.")]
    string Content);
