using System.ComponentModel;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>list_files</c>.</summary>
public sealed record ListFilesArguments(
    [property: Description("Folder relative to the workspace root (default: all of it).")]
    string? Path = null,
    [property: Description("Only files matching this glob, e.g. '*.py' (any depth) or 'src/**/*.cs'.")]
    string? Glob = null);
