using System.Text.RegularExpressions;

namespace Leviathan.Tools.Edits;

/// <summary>
/// Reads aider-style SEARCH/REPLACE blocks: the file path on the line before <c>&lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH</c>
/// (code fences in between are allowed), the old text, <c>=======</c>, the new text, <c>&gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE</c>.
/// An empty SEARCH creates a file that does not exist yet.
/// </summary>
internal static partial class SearchReplaceParser
{
    public static bool Detect(IReadOnlyList<string> lines) => lines.Any(l => SearchMarker().IsMatch(l));

    public static EditScript Parse(IReadOnlyList<string> lines)
    {
        var blocks = new List<EditBlock>();
        string? previousPath = null;
        var i = 0;
        while (i < lines.Count)
        {
            if (!SearchMarker().IsMatch(lines[i]))
            {
                i++;
                continue;
            }

            var start = i;
            var path = FindPath(lines, start) ?? previousPath;
            var divider = -1;
            var end = -1;
            for (var j = start + 1; j < lines.Count; j++)
            {
                if (divider < 0 && DividerMarker().IsMatch(lines[j]))
                {
                    divider = j;
                }
                else if (divider >= 0 && ReplaceMarker().IsMatch(lines[j]))
                {
                    end = j;
                    break;
                }
                else if (SearchMarker().IsMatch(lines[j]))
                {
                    break;
                }
            }

            if (divider < 0 || end < 0)
            {
                blocks.Add(new EditBlock
                {
                    Path = path ?? "?",
                    Kind = EditKind.Replace,
                    SourceLine = start + 1,
                    FormatError = divider < 0
                        ? $"the block starting at line {start + 1} has no '=======' line after its SEARCH text"
                        : $"the block starting at line {start + 1} has no '>>>>>>> REPLACE' line after its '=======' (line {divider + 1})",
                });
                i = divider < 0 ? start + 1 : divider + 1;
                continue;
            }

            var extraDivider = lines.Skip(divider + 1).Take(end - divider - 1).Any(l => DividerMarker().IsMatch(l));
            if (extraDivider)
            {
                // A '=======' inside the old or new text (a Markdown underline) makes the split a guess.
                blocks.Add(new EditBlock
                {
                    Path = path ?? "?",
                    Kind = EditKind.Replace,
                    SourceLine = start + 1,
                    FormatError = $"the block starting at line {start + 1} has more than one '=======' line, so where SEARCH ends is unclear; edit that part of the file with a unified diff or edit_file",
                });
                previousPath = path ?? previousPath;
                i = end + 1;
                continue;
            }

            var search = lines.Skip(start + 1).Take(divider - start - 1).ToList();
            var replace = lines.Skip(divider + 1).Take(end - divider - 1).ToList();
            var emptySearch = search.All(string.IsNullOrWhiteSpace);
            blocks.Add(new EditBlock
            {
                Path = path ?? string.Empty,
                Kind = emptySearch ? EditKind.Create : EditKind.Replace,
                SearchLines = emptySearch ? [] : search,
                ReplaceLines = replace,
                SourceLine = start + 1,
                FormatError = path is null
                    ? $"the block starting at line {start + 1} has no file path; put the path on the line before '<<<<<<< SEARCH'"
                    : null,
            });
            previousPath = path ?? previousPath;
            i = end + 1;
        }

        return new EditScript("search-replace", blocks);
    }

    private static string? FindPath(IReadOnlyList<string> lines, int searchLine)
    {
        for (var k = searchLine - 1; k >= 0; k--)
        {
            var line = lines[k].Trim();
            if (line.Length == 0 || line.StartsWith("```", StringComparison.Ordinal) || line.StartsWith("~~~", StringComparison.Ordinal))
            {
                continue;
            }

            if (ReplaceMarker().IsMatch(line))
            {
                return null;
            }

            // Models decorate the path: "**src/app.py**", "`src/app.py`:", "# src/app.py".
            var path = line.Trim('*', '`', '"', '\'', ' ').TrimEnd(':').TrimStart('#', ' ').Trim('*', '`', ' ');
            return path.Length == 0 ? null : path;
        }

        return null;
    }

    [GeneratedRegex(@"^\s*<{5,9} SEARCH\s*$")]
    private static partial Regex SearchMarker();

    [GeneratedRegex(@"^\s*={5,9}\s*$")]
    private static partial Regex DividerMarker();

    [GeneratedRegex(@"^\s*>{5,9} REPLACE\s*$")]
    private static partial Regex ReplaceMarker();
}
