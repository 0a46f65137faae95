using System.Text.RegularExpressions;

namespace Leviathan.Evaluation.Running;

/// <summary>Selects task ids by comma-separated globs (<c>*</c> any run of characters, <c>?</c> one character).</summary>
internal static class TaskGlob
{
    public static bool Matches(string? globs, string id)
    {
        if (string.IsNullOrWhiteSpace(globs))
        {
            return true;
        }

        foreach (var glob in globs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pattern = "^" + Regex.Escape(glob).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$";
            if (Regex.IsMatch(id, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
            {
                return true;
            }
        }

        return false;
    }
}
