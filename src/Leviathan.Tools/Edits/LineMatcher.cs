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

    private static List<(int Start, MatchStrategy Strategy, IndentShift? Shift)> Scan(IReadOnlyList<string> lines, IReadOnlyList<string> search, MatchStrategy strategy)
    {
        var found = new List<(int, MatchStrategy, IndentShift?)>();
        for (var start = 0; start + search.Count <= lines.Count; start++)
        {
            if (TryMatchAt(lines, start, search, strategy, out var shift))
            {
                found.Add((start, strategy, shift));
            }
        }

        return found;
    }

    private static bool TryMatchAt(IReadOnlyList<string> lines, int start, IReadOnlyList<string> search, MatchStrategy strategy, out IndentShift? shift)
    {
        shift = null;
        switch (strategy)
        {
            case MatchStrategy.Exact:
                for (var i = 0; i < search.Count; i++)
                {
                    if (!string.Equals(lines[start + i], search[i], StringComparison.Ordinal))
                    {
                        return false;
                    }
                }

                return true;
            case MatchStrategy.TrailingWhitespace:
                for (var i = 0; i < search.Count; i++)
                {
                    if (!lines[start + i].AsSpan().TrimEnd().SequenceEqual(search[i].AsSpan().TrimEnd()))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return TryMatchIndented(lines, start, search, out shift);
        }
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
