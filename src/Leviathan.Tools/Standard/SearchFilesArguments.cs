using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>search_files</c>.</summary>
public sealed record SearchFilesArguments(
    [property: Description(".NET regular expression, case-sensitive, matched per line, e.g. 'def \\\\w+\\\\(' or 'TODO'.")]
    [property: MinLength(1)]
    string Pattern,
    [property: Description("Folder or file relative to the workspace root (default: all of it).")]
    string? Path = null,
    [property: Description("Only files matching this glob, e.g. '*.py' (any depth) or 'src/**/*.cs'.")]
    string? Glob = null);
