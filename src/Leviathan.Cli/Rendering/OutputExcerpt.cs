using System.Text.RegularExpressions;

namespace Leviathan.Cli.Rendering;

/// <summary>
/// The part of a long output a reader needs: the lines that name an error, a failed assertion or a traceback, and the
/// tail (where test runners print their summary), in their order, with a note where lines were left out.
/// </summary>
internal static partial class OutputExcerpt
{
    /// <summary>Lines that usually carry the failure.</summary>
    [GeneratedRegex(@"error|assert|fail|traceback|exception|panic|expected|denied|not found|refused|fatal|\bE\s{2,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Telling();

    /// <summary>At most <paramref name="maxLines"/> lines of <paramref name="text"/>: the telling ones first in weight, then the tail.</summary>
    public static IReadOnlyList<string> Lines(string text, int maxLines)
    {
        var all = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (all.Length <= maxLines)
        {
            return all;
        }

        var tail = Math.Max(1, maxLines / 3);
        var keep = new SortedSet<int>();
        for (var i = all.Length - tail; i < all.Length; i++)
        {
            keep.Add(i);
        }

        for (var i = 0; i < all.Length - tail && keep.Count < maxLines; i++)
        {
            if (Telling().IsMatch(all[i]))
            {
                keep.Add(i);
            }
        }

        // Room left: the lines just before the tail, which usually lead up to the summary.
        for (var i = all.Length - tail - 1; i >= 0 && keep.Count < maxLines; i--)
        {
            keep.Add(i);
        }

        var lines = new List<string>(maxLines + 4);
        var previous = -1;
        foreach (var index in keep)
        {
            if (index != previous + 1)
            {
                lines.Add($"… ({index - previous - 1} lines)");
            }

            lines.Add(all[index]);
            previous = index;
        }

        return lines;
    }

    /// <summary>The one line that best says what went wrong: the last telling line, else the last non-empty line.</summary>
    public static string Headline(string text)
    {
        string? last = null;
        string? telling = null;
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty)
            {
                continue;
            }

            last = line.ToString();
            if (Telling().IsMatch(line))
            {
                telling = last;
            }
        }

        return telling ?? last ?? string.Empty;
    }
}
