using System.Globalization;
using System.Text;
using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace Leviathan.Tools.Edits;

/// <summary>
/// Words the "did you mean" of a refused edit: the lines of the file most like the text that was
/// not found, and how they differ from it.
/// </summary>
internal static class ClosestLines
{
    private const double MinimumSimilarity = 0.5;
    private const int MaxShownLines = 12;

    // Scoring every window costs file lines × window lines; beyond this the window is scored on its first lines only.
    private const long MaxComparisons = 2_000_000;

    // The differences shown are capped anyway; diffing more lines than this only costs time (a line diff is quadratic).
    private const int MaxDiffedLines = 200;

    /// <summary>A paragraph for the model, or a request to read the file again when nothing is close.</summary>
    public static string Suggest(IReadOnlyList<string> lines, IReadOnlyList<string> search, string path)
    {
        var (start, length, score) = Best(lines, search);
        if (start < 0 || score < MinimumSimilarity)
        {
            return $"No lines of {path} resemble it; read the file again and copy the text to replace exactly.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Did you mean lines {start + 1}-{start + length} of {path}?\n");
        for (var i = start; i < start + Math.Min(length, MaxShownLines); i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i + 1,6}| {lines[i]}\n");
        }

        if (length > MaxShownLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"      ... ({length - MaxShownLines} more lines)\n");
        }

        var differences = Differences(search, lines.Skip(start).Take(length).ToList());
        if (differences.Length > 0)
        {
            text.Append("Differences (- your text, + the file):\n").Append(differences);
        }

        return text.ToString().TrimEnd('\n');
    }

    private static (int Start, int Length, double Score) Best(IReadOnlyList<string> lines, IReadOnlyList<string> search)
    {
        if (lines.Count == 0)
        {
            return (-1, 0, 0);
        }

        var length = Math.Min(search.Count, lines.Count);
        var scored = (int)Math.Clamp(MaxComparisons / lines.Count, 1, length);
        var searchGrams = search.Take(scored).Select(Bigrams).ToArray();
        var lineGrams = lines.Select(Bigrams).ToArray();
        var best = (Start: -1, Length: length, Score: -1.0);
        for (var start = 0; start + length <= lines.Count; start++)
        {
            var total = 0.0;
            for (var i = 0; i < scored; i++)
            {
                total += Similarity(searchGrams[i], lineGrams[start + i], search[i], lines[start + i]);
            }

            // Lines the file is too short to hold count as misses.
            var score = total / Math.Min(search.Count, scored == length ? search.Count : scored);
            if (score > best.Score)
            {
                best = (start, length, score);
            }
        }

        return best;
    }

    private static double Similarity(HashSet<int> a, HashSet<int> b, string left, string right)
    {
        if (left.AsSpan().Trim().SequenceEqual(right.AsSpan().Trim()))
        {
            return 1;
        }

        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var common = a.Count(b.Contains);
        return 2.0 * common / (a.Count + b.Count);
    }

    private static HashSet<int> Bigrams(string line)
    {
        var trimmed = line.AsSpan().Trim();
        var grams = new HashSet<int>();
        for (var i = 0; i + 1 < trimmed.Length; i++)
        {
            grams.Add((trimmed[i] << 16) | trimmed[i + 1]);
        }

        return grams;
    }

    private static string Differences(IReadOnlyList<string> search, IReadOnlyList<string> window)
    {
        var model = new InlineDiffBuilder(new Differ()).BuildDiffModel(
            string.Join('\n', search.Take(MaxDiffedLines)) + "\n",
            string.Join('\n', window.Take(MaxDiffedLines)) + "\n",
            ignoreWhitespace: false);
        var text = new StringBuilder();
        var shown = 0;
        foreach (var line in model.Lines)
        {
            var mark = line.Type switch
            {
                ChangeType.Deleted => '-',
                ChangeType.Inserted => '+',
                _ => ' ',
            };
            if (mark == ' ')
            {
                continue;
            }

            if (++shown > MaxShownLines * 2)
            {
                text.Append("  ...\n");
                break;
            }

            text.Append("  ").Append(mark).Append(' ').Append(Visible(line.Text)).Append('\n');
        }

        return text.ToString();
    }

    // Whitespace differences are invisible in plain text; show tabs and trailing spaces.
    private static string Visible(string line)
    {
        var trimmed = line.TrimEnd();
        var trailing = line.Length - trimmed.Length;
        var shown = trimmed.Replace("\t", "\\t", StringComparison.Ordinal);
        return trailing > 0 ? $"{shown}<{trailing} trailing whitespace>" : shown;
    }
}
