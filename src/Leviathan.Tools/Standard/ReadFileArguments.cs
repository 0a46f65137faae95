using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>read_file</c>.</summary>
public sealed record ReadFileArguments(
    [property: Description("Path relative to the workspace root, e.g. 'src/main.py'.")]
    [property: MinLength(1)]
    string Path,
    [property: Description("First line, 1-based (default 1).")]
    [property: Range(1, int.MaxValue)]
    int? Offset = null,
    [property: Description("Most lines to return (default 2000).")]
    [property: Range(1, 10000)]
    int? Limit = null);
