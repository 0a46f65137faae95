using Microsoft.Extensions.FileSystemGlobbing;

namespace Leviathan.Evaluation.Running;

/// <summary>
/// Selects task ids (the task folders of a pack) by comma-separated globs, matched by Microsoft.Extensions.FileSystemGlobbing:
/// <c>*</c> is any run of characters in an id; ids are compared case-sensitively, as folder names are on Linux.
/// </summary>
internal static class TaskGlob
{
    public static bool Matches(string? globs, string id)
    {
        if (string.IsNullOrWhiteSpace(globs))
        {
            return true;
        }

        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddIncludePatterns(globs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return matcher.Match(id).HasMatches;
    }
}
