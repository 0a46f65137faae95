using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Leviathan.Tools.Standard;

/// <summary>Arguments of <c>write_file</c>.</summary>
public sealed record WriteFileArguments(
    [property: Description("Path relative to the workspace root; missing folders are created.")]
    [property: MinLength(1)]
    string Path,
    [property: Description("The whole new content.")]
    string Content);
