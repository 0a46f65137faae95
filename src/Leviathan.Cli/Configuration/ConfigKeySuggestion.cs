namespace Leviathan.Cli.Configuration;

/// <summary>The valid key nearest to a misspelt one (edit distance), for "did you mean" in errors.</summary>
internal static class ConfigKeySuggestion
{
    public static string Nearest(string name, IReadOnlyList<string> known) =>
        known.OrderBy(k => Distance(name, k)).ThenBy(k => k, StringComparer.Ordinal).First();

    public static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var current = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), previous + (a[i - 1] == b[j - 1] ? 0 : 1));
                previous = current;
            }
        }

        return row[b.Length];
    }
}
