using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>search_files</c>.</summary>
public sealed record SearchFilesArguments(
    [property: Description("Regular expression (.NET syntax, case-sensitive) to look for in each line, for example 'def \\\\w+\\\\(' or 'TODO'.")]
    [property: MinLength(1)]
    string Pattern,
    [property: Description("Folder or file to search, relative to the workspace root (default: the whole workspace).")]
    string? Path = null,
    [property: Description("Only files matching this glob, for example '*.py' (any depth) or 'src/**/*.cs'.")]
    string? Glob = null);
