using System.Globalization;
using System.Text.RegularExpressions;

namespace Leviathan.Tools.Edits;

/// <summary>
/// Reads unified diffs as git and models write them: several files, new and deleted files,
/// <c>a/</c> and <c>b/</c> prefixes, and text around the diff. Hunk line numbers and counts are kept
/// as hints only; hunks are located by their content.
/// </summary>
internal static partial class UnifiedDiffParser
{
    public static bool Detect(IReadOnlyList<string> lines) =>
        lines.Any(l => l.StartsWith("@@", StringComparison.Ordinal))
        || lines.Any(l => l.StartsWith("diff --git ", StringComparison.Ordinal));

    public static EditScript Parse(IReadOnlyList<string> lines)
    {
        var blocks = new List<EditBlock>();
        Section? section = null;
        var i = 0;
        while (i < lines.Count)
        {
            var line = lines[i];
            if (line.StartsWith("diff --git ", StringComparison.Ordinal))
            {
                Flush(section, blocks);
                section = new Section { SourceLine = i + 1 };
                ReadGitHeaderPaths(line, section);
                i++;
                continue;
            }

            if (line.StartsWith("--- ", StringComparison.Ordinal) && i + 1 < lines.Count && lines[i + 1].StartsWith("+++ ", StringComparison.Ordinal))
            {
                if (section is null || section.Hunks.Count > 0 || section.HasFileHeader)
                {
                    Flush(section, blocks);
                    section = new Section { SourceLine = i + 1 };
                }

                section.HasFileHeader = true;
                var oldPath = HeaderPath(line[4..]);
                var newPath = HeaderPath(lines[i + 1][4..]);
                var strip = StripsPrefixes(oldPath, newPath, section.GitPrefixed);
                section.OldPath = strip && oldPath is not null ? oldPath[2..] : oldPath;
                section.NewPath = strip && newPath is not null ? newPath[2..] : newPath;
                section.OldIsNull = oldPath is null;
                section.NewIsNull = newPath is null;
                i += 2;
                continue;
            }

            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                section ??= new Section { SourceLine = i + 1 };
                i = ReadHunk(lines, i, section);
                continue;
            }

            if (section is not null)
            {
                ReadExtendedHeader(line, section);
            }

            i++;
        }

        Flush(section, blocks);
        return new EditScript("unified-diff", blocks);
    }

    private static void ReadExtendedHeader(string line, Section section)
    {
        if (line.StartsWith("new file mode", StringComparison.Ordinal))
        {
            section.OldIsNull = true;
        }
        else if (line.StartsWith("deleted file mode", StringComparison.Ordinal))
        {
            section.NewIsNull = true;
        }
        else if (line.StartsWith("rename from ", StringComparison.Ordinal) || line.StartsWith("copy from ", StringComparison.Ordinal))
        {
            section.Error ??= "renaming or copying files is not supported; delete the old file and create the new one in the diff instead";
        }
        else if (line.StartsWith("Binary files ", StringComparison.Ordinal) || line.StartsWith("GIT binary patch", StringComparison.Ordinal))
        {
            section.Error ??= "binary patches are not supported";
        }
    }

    private static int ReadHunk(IReadOnlyList<string> lines, int headerIndex, Section section)
    {
        var header = HunkHeader().Match(lines[headerIndex]);
        int? oldStart = header.Success ? int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        var body = new List<HunkLine>();
        var bare = new List<bool>();
        bool oldNoNewline = false, newNoNewline = false;
        var j = headerIndex + 1;
        for (; j < lines.Count; j++)
        {
            var line = lines[j];
            if (line.StartsWith("@@", StringComparison.Ordinal)
                || line.StartsWith("diff --git ", StringComparison.Ordinal)
                || (line.StartsWith("--- ", StringComparison.Ordinal) && j + 1 < lines.Count && lines[j + 1].StartsWith("+++ ", StringComparison.Ordinal)))
            {
                break;
            }

            if (line.Length == 0)
            {
                // Many writers drop the space in front of an empty context line.
                body.Add(new HunkLine(' ', string.Empty));
                bare.Add(true);
                continue;
            }

            if (line[0] == '\\')
            {
                var previous = body.Count > 0 ? body[^1].Op : ' ';
                if (previous == '-')
                {
                    oldNoNewline = true;
                }
                else if (previous == '+')
                {
                    newNoNewline = true;
                }
                else
                {
                    oldNoNewline = newNoNewline = true;
                }

                continue;
            }

            if (line[0] is not (' ' or '-' or '+'))
            {
                break;
            }

            body.Add(new HunkLine(line[0], line[1..]));
            bare.Add(false);
        }

        // Blank lines after the last hunk usually separate the diff from prose, not context.
        while (bare.Count > 0 && bare[^1])
        {
            body.RemoveAt(body.Count - 1);
            bare.RemoveAt(bare.Count - 1);
        }

        section.Hunks.Add(new Hunk(body, oldStart, headerIndex + 1, oldNoNewline, newNoNewline));
        return j;
    }

    private static void Flush(Section? section, List<EditBlock> blocks)
    {
        if (section is null)
        {
            return;
        }

        var path = section.NewIsNull ? section.OldPath : section.NewPath ?? section.OldPath;
        if (path is null)
        {
            blocks.Add(Failed(section, "?", "the diff names no file (expected '--- a/PATH' and '+++ b/PATH' lines)"));
            return;
        }

        if (section.Error is not null)
        {
            blocks.Add(Failed(section, path, section.Error));
            return;
        }

        if (section is { OldPath: not null, NewPath: not null } && section.OldPath != section.NewPath)
        {
            blocks.Add(Failed(section, path, $"the diff renames '{section.OldPath}' to '{section.NewPath}', which is not supported"));
            return;
        }

        if (section.OldIsNull)
        {
            if (section.Hunks.SelectMany(h => h.Lines).Any(l => l.Op != '+'))
            {
                blocks.Add(Failed(section, path, "the diff creates the file but its hunk has context or removed lines; a new file's hunk only adds lines"));
                return;
            }

            blocks.Add(new EditBlock
            {
                Path = path,
                Kind = EditKind.Create,
                ReplaceLines = [.. section.Hunks.SelectMany(h => h.Lines).Select(l => l.Text)],
                SourceLine = section.SourceLine,
                NewEndsWithNewline = section.Hunks.Count > 0 && section.Hunks[^1].NewNoNewline ? false : null,
            });
            return;
        }

        if (section.NewIsNull)
        {
            if (section.Hunks.SelectMany(h => h.Lines).Any(l => l.Op != '-'))
            {
                blocks.Add(Failed(section, path, "the diff deletes the file but its hunk has context or added lines; a deleted file's hunk only removes lines"));
                return;
            }

            blocks.Add(new EditBlock
            {
                Path = path,
                Kind = EditKind.Delete,
                SearchLines = [.. section.Hunks.SelectMany(h => h.Lines).Select(l => l.Text)],
                SourceLine = section.SourceLine,
                Hunk = section.Hunks.Count == 0 ? null : [.. section.Hunks.SelectMany(h => h.Lines)],
            });
            return;
        }

        if (section.Hunks.Count == 0)
        {
            blocks.Add(Failed(section, path, "the diff has no hunks (no '@@' lines) for this file"));
            return;
        }

        foreach (var hunk in section.Hunks)
        {
            if (hunk.Lines.All(l => l.Op == ' '))
            {
                blocks.Add(Failed(section, path, $"the hunk at line {hunk.SourceLine} changes nothing (it has no '-' or '+' lines)") with { SourceLine = hunk.SourceLine });
                continue;
            }

            blocks.Add(new EditBlock
            {
                Path = path,
                Kind = EditKind.Replace,
                SearchLines = [.. hunk.Lines.Where(l => l.Op != '+').Select(l => l.Text)],
                ReplaceLines = [.. hunk.Lines.Where(l => l.Op != '-').Select(l => l.Text)],
                Hunk = hunk.Lines,
                HintLine = hunk.OldStart,
                SourceLine = hunk.SourceLine,
                NewEndsWithNewline = hunk.NewNoNewline ? false : hunk.OldNoNewline ? true : null,
            });
        }
    }

    private static EditBlock Failed(Section section, string path, string error) => new()
    {
        Path = path,
        Kind = EditKind.Replace,
        SourceLine = section.SourceLine,
        FormatError = error,
    };

    private static void ReadGitHeaderPaths(string line, Section section)
    {
        var match = GitHeader().Match(line);
        section.GitPrefixed = match.Success;
        if (match.Success)
        {
            section.OldPath = match.Groups[1].Value;
            section.NewPath = match.Groups[2].Value;
        }
    }

    // "a/" and "b/" are git's prefixes only when both sides use them (or git's own header says so):
    // a diff made with --no-prefix may name a real folder "a" or "b", and stripping it would edit the wrong file.
    private static bool StripsPrefixes(string? oldPath, string? newPath, bool? gitPrefixed) => (oldPath, newPath) switch
    {
        (not null, not null) => oldPath.StartsWith("a/", StringComparison.Ordinal) && newPath.StartsWith("b/", StringComparison.Ordinal),
        (null, not null) => newPath.StartsWith("b/", StringComparison.Ordinal) && gitPrefixed != false,
        (not null, null) => oldPath.StartsWith("a/", StringComparison.Ordinal) && gitPrefixed != false,
        _ => false,
    };

    private static string? HeaderPath(string raw)
    {
        // "a/src/x.c\t2024-01-01 10:00:00" -> "a/src/x.c"; quoted names keep their spaces. Prefixes stay.
        var path = raw.Split('\t')[0].Trim();
        if (path.Length >= 2 && path[0] == '"' && path[^1] == '"')
        {
            path = path[1..^1];
        }

        return path == "/dev/null" ? null : path;
    }

    [GeneratedRegex(@"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")]
    private static partial Regex HunkHeader();

    [GeneratedRegex(@"^diff --git a/(.+) b/(.+)$")]
    private static partial Regex GitHeader();

    private sealed class Section
    {
        public int SourceLine { get; init; }

        public bool HasFileHeader { get; set; }

        /// <summary>Whether a "diff --git a/... b/..." line introduced the section; null without such a line.</summary>
        public bool? GitPrefixed { get; set; }

        public string? OldPath { get; set; }

        public string? NewPath { get; set; }

        public bool OldIsNull { get; set; }

        public bool NewIsNull { get; set; }

        public string? Error { get; set; }

        public List<Hunk> Hunks { get; } = [];
    }

    private sealed record Hunk(List<HunkLine> Lines, int? OldStart, int SourceLine, bool OldNoNewline, bool NewNoNewline);
}
