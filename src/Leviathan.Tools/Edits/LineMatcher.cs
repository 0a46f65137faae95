namespace Leviathan.Tools.Edits;

/// <summary>
/// Finds a block of lines in a file. Text found verbatim wins: exact matches are looked for first.
/// Only if there is none are the tolerant matches looked for, all together: ignoring trailing
/// whitespace, and with one uniform leading-indentation difference. One match is used; several are
/// refused (unless a diff's line-number hint names exactly one of them), so that a whitespace
/// difference never makes one place win over another.
/// </summary>
internal static class LineMatcher
{
    /// <param name="lines">The file's lines.</param>
    /// <param name="search">The lines to find; must not be empty.</param>
    /// <param name="hintStart">0-based line where a diff header says the text starts, used only to choose among several candidates.</param>
    public static LineMatch Find(IReadOnlyList<string> lines, IReadOnlyList<string> search, int? hintStart = null)
    {
        if (search.Count == 0)
        {
            throw new ArgumentException("Nothing to search for.", nameof(search));
        }

        var exact = Scan(lines, search, MatchStrategy.Exact);
        if (exact.Count > 0)
        {
            return Decide(exact, hintStart);
        }

        var tolerant = Scan(lines, search, MatchStrategy.TrailingWhitespace);
        if (search.Any(l => l.Trim().Length > 0))
        {
            tolerant.AddRange(Scan(lines, search, MatchStrategy.Indentation));
        }

        return tolerant.Count > 0 ? Decide(tolerant, hintStart) : new LineMatch();
    }

    private static LineMatch Decide(List<(int Start, MatchStrategy Strategy, IndentShift? Shift)> found, int? hintStart)
    {
        if (found.Count == 1)
        {
            return new LineMatch { Start = found[0].Start, Strategy = found[0].Strategy, Shift = found[0].Shift };
        }

        var ordered = found.OrderBy(f => f.Start).ToList();
        var candidates = ordered.Select(f => f.Start).ToList();
        var hinted = ordered.Where(f => f.Start == hintStart).ToList();
        return hinted.Count == 1
            ? new LineMatch { Start = hinted[0].Start, Strategy = hinted[0].Strategy, Shift = hinted[0].Shift, ChosenByHint = true, Candidates = candidates }
            : new LineMatch { Strategy = ordered[0].Strategy, Candidates = candidates };
    }

    /// <summary>
    /// Beyond this many places whose lines agree apart from whitespace, the indentation match is refused as
    /// ambiguous without checking each place's indentation (checking costs the block's length per place).
    /// </summary>
    internal const int MaxIndentationCandidates = 256;

    // Knuth-Morris-Pratt over lines: linear in the file plus the block, whatever the file repeats.
    private static List<(int Start, MatchStrategy Strategy, IndentShift? Shift)> Scan(IReadOnlyList<string> lines, IReadOnlyList<string> search, MatchStrategy strategy)
    {
        Func<string, string, bool> equal = strategy switch
        {
            MatchStrategy.Exact => static (a, b) => string.Equals(a, b, StringComparison.Ordinal),
            MatchStrategy.TrailingWhitespace => static (a, b) => a.AsSpan().TrimEnd().SequenceEqual(b.AsSpan().TrimEnd()),

            // Equal content after the indentation: necessary for a uniform shift, which is checked per place below.
            _ => static (a, b) => Content(a).SequenceEqual(Content(b)),
        };

        var starts = Occurrences(lines, search, equal);
        var found = new List<(int, MatchStrategy, IndentShift?)>(Math.Min(starts.Count, 1024));
        if (strategy != MatchStrategy.Indentation || starts.Count > MaxIndentationCandidates)
        {
            // Too many places to check one by one: a refusal is safe, a wrong application is not.
            found.AddRange(starts.Select(s => (s, strategy, (IndentShift?)null)));
            return found;
        }

        foreach (var start in starts)
        {
            if (TryMatchIndented(lines, start, search, out var shift))
            {
                found.Add((start, strategy, shift));
            }
        }

        return found;
    }

    private static ReadOnlySpan<char> Content(string line) => line.AsSpan().TrimEnd().TrimStart(" \t");

    private static List<int> Occurrences(IReadOnlyList<string> lines, IReadOnlyList<string> search, Func<string, string, bool> equal)
    {
        var found = new List<int>();
        var m = search.Count;
        if (m > lines.Count)
        {
            return found;
        }

        var failure = new int[m];
        for (int i = 1, k = 0; i < m; i++)
        {
            while (k > 0 && !equal(search[i], search[k]))
            {
                k = failure[k - 1];
            }

            if (equal(search[i], search[k]))
            {
                k++;
            }

            failure[i] = k;
        }

        for (int j = 0, k = 0; j < lines.Count; j++)
        {
            while (k > 0 && !equal(lines[j], search[k]))
            {
                k = failure[k - 1];
            }

            if (equal(lines[j], search[k]))
            {
                k++;
            }

            if (k == m)
            {
                found.Add(j - m + 1);
                k = failure[k - 1];
            }
        }

        return found;
    }

    private static bool TryMatchIndented(IReadOnlyList<string> lines, int start, IReadOnlyList<string> search, out IndentShift? shift)
    {
        shift = null;
        string? delta = null;
        var add = false;
        for (var i = 0; i < search.Count; i++)
        {
            var fileLine = lines[start + i].TrimEnd();
            var searchLine = search[i].TrimEnd();
            if (searchLine.Length == 0 || fileLine.Length == 0)
            {
                if (searchLine.Length != fileLine.Length)
                {
                    return false;
                }

                continue;
            }

            var fileIndent = LeadingWhitespace(fileLine);
            var searchIndent = LeadingWhitespace(searchLine);
            if (!fileLine.AsSpan(fileIndent).SequenceEqual(searchLine.AsSpan(searchIndent)))
            {
                return false;
            }

            string lineDelta;
            bool lineAdd;
            if (fileIndent > searchIndent && fileLine.AsSpan(0, fileIndent).EndsWith(searchLine.AsSpan(0, searchIndent)))
            {
                lineDelta = fileLine[..(fileIndent - searchIndent)];
                lineAdd = true;
            }
            else if (searchIndent > fileIndent && searchLine.AsSpan(0, searchIndent).EndsWith(fileLine.AsSpan(0, fileIndent)))
            {
                lineDelta = searchLine[..(searchIndent - fileIndent)];
                lineAdd = false;
            }
            else
            {
                // Equal indentation on one line but not on others is not a uniform shift.
                return false;
            }

            if (delta is null)
            {
                delta = lineDelta;
                add = lineAdd;
            }
            else if (delta != lineDelta || add != lineAdd)
            {
                return false;
            }
        }

        if (delta is null)
        {
            return false;
        }

        shift = new IndentShift(delta, add);
        return true;
    }

    private static int LeadingWhitespace(string line)
    {
        var n = 0;
        while (n < line.Length && line[n] is ' ' or '\t')
        {
            n++;
        }

        return n;
    }
}
