using Microsoft.Extensions.FileSystemGlobbing;

namespace Leviathan.Evaluation.Running;

/// <summary>
/// Selects task ids (the task folders of a pack) by comma-separated globs, matched by Microsoft.Extensions.FileSystemGlobbing:
/// <c>*</c> is any run of characters in an id; ids are compared case-sensitively, as folder names are on Linux.
/// </summary>
public static class TaskGlob
{
    /// <summary>Whether <paramref name="id"/> matches one of the comma-separated <paramref name="globs"/>; null or blank matches every id.</summary>
    /// <param name="globs">Comma-separated globs, or null for every task.</param>
    /// <param name="id">The task id.</param>
    /// <returns>True when the task is selected.</returns>
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
