namespace Leviathan.Tools.Edits;

/// <summary>
/// Finds a block of lines in a file, trying in order: exact; ignoring trailing whitespace; one
/// uniform leading-indentation difference. The first strategy that matches anything decides: one
/// match is used, several are refused (unless a diff's line-number hint names exactly one of them),
/// none moves on to the next strategy.
/// </summary>
internal static class LineMatcher
{
    private static readonly MatchStrategy[] Strategies = [MatchStrategy.Exact, MatchStrategy.TrailingWhitespace, MatchStrategy.Indentation];

    /// <param name="lines">The file's lines.</param>
    /// <param name="search">The lines to find; must not be empty.</param>
    /// <param name="hintStart">0-based line where a diff header says the text starts, used only to choose among several equally good candidates.</param>
    public static LineMatch Find(IReadOnlyList<string> lines, IReadOnlyList<string> search, int? hintStart = null)
    {
        if (search.Count == 0)
        {
            throw new ArgumentException("Nothing to search for.", nameof(search));
        }

        foreach (var strategy in Strategies)
        {
            if (strategy == MatchStrategy.Indentation && search.All(l => l.Trim().Length == 0))
            {
                break;
            }

            var starts = new List<(int Start, IndentShift? Shift)>();
            for (var start = 0; start + search.Count <= lines.Count; start++)
            {
                if (TryMatchAt(lines, start, search, strategy, out var shift))
                {
                    starts.Add((start, shift));
                }
            }

            if (starts.Count == 1)
            {
                return new LineMatch { Start = starts[0].Start, Strategy = strategy, Shift = starts[0].Shift };
            }

            if (starts.Count > 1)
            {
                var hinted = starts.Where(s => s.Start == hintStart).ToList();
                if (hinted.Count == 1)
                {
                    return new LineMatch { Start = hinted[0].Start, Strategy = strategy, Shift = hinted[0].Shift, ChosenByHint = true, Candidates = [.. starts.Select(s => s.Start)] };
                }

                return new LineMatch { Strategy = strategy, Candidates = [.. starts.Select(s => s.Start)] };
            }
        }

        return new LineMatch();
    }

    /// <summary>0-based starts of every place the lines match under <paramref name="strategy"/> without overlapping.</summary>
    public static IReadOnlyList<int> FindAll(IReadOnlyList<string> lines, IReadOnlyList<string> search, MatchStrategy strategy)
    {
        var starts = new List<int>();
        for (var start = 0; start + search.Count <= lines.Count; start++)
        {
            if (TryMatchAt(lines, start, search, strategy, out _))
            {
                starts.Add(start);
                start += search.Count - 1;
            }
        }

        return starts;
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
