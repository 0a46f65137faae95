using System.ComponentModel;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>list_files</c>.</summary>
public sealed record ListFilesArguments(
    [property: Description("Folder to list, relative to the workspace root (default: the whole workspace).")]
    string? Path = null,
    [property: Description("Only files matching this glob, for example '*.py' (any depth) or 'src/**/*.cs'.")]
    string? Glob = null);
