using System.Globalization;
using DiffPlex;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Edits;

/// <summary>
/// Applies unified diffs and SEARCH/REPLACE blocks to the files of a workspace. Every block is
/// located first; only if all of them are found exactly once are the files written, together.
/// A block that is ambiguous or missing is refused with the line numbers of every match or the
/// closest lines of the file. A wrong application is worse than a refusal.
/// </summary>
public static class EditEngine
{
    /// <summary>The largest edit (diff or SEARCH/REPLACE text) the engine reads, in UTF-8 bytes.</summary>
    public const int MaxEditBytes = 4 * 1024 * 1024;

    /// <summary>The most blocks or hunks one edit may hold (each is searched for in its whole file).</summary>
    public const int MaxBlocks = 1000;

    private const long MaxDiffedLinePairs = 1_000_000;

    /// <summary>Line numbers listed when a block matches several places.</summary>
    private const int MaxListedCandidates = 20;

    /// <summary>Parses and applies an edit; see <see cref="EditReport"/> for the outcome.</summary>
    /// <param name="workspace">The workspace the edit's paths are relative to.</param>
    /// <param name="editText">A unified diff or SEARCH/REPLACE blocks, possibly for several files.</param>
    /// <param name="dryRun">Check every block but write nothing.</param>
    public static EditReport Apply(WorkspaceRoot workspace, string editText, bool dryRun = false)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(editText);
        if (TooLarge(editText) is { } tooLarge)
        {
            return new EditReport { Format = "unknown", Blocks = [], Error = tooLarge };
        }

        var lines = TextDocument.SplitLines(editText);
        EditScript script;
        if (SearchReplaceParser.Detect(lines))
        {
            script = SearchReplaceParser.Parse(lines);
        }
        else if (UnifiedDiffParser.Detect(lines))
        {
            script = UnifiedDiffParser.Parse(lines);
        }
        else
        {
            return new EditReport
            {
                Format = "unknown",
                Blocks = [],
                Error = "the edit holds neither a unified diff ('--- a/PATH', '+++ b/PATH', '@@' hunks) nor SEARCH/REPLACE blocks (PATH, '<<<<<<< SEARCH', '=======', '>>>>>>> REPLACE')",
            };
        }

        return Apply(workspace, script, dryRun);
    }

    /// <summary>Why an edit text is refused for its size, naming the size and the cap; null when it is within the cap.</summary>
    public static string? TooLarge(string editText)
    {
        ArgumentNullException.ThrowIfNull(editText);

        // Cheap bound first: a UTF-8 byte count is at most three per UTF-16 unit.
        if ((long)editText.Length * 3 <= MaxEditBytes)
        {
            return null;
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(editText);
        return bytes <= MaxEditBytes
            ? null
            : string.Create(
                CultureInfo.InvariantCulture,
                $"the edit is {bytes:N0} bytes ({bytes / (1024.0 * 1024):0.0} MB), more than the {MaxEditBytes:N0} bytes ({MaxEditBytes / (1024 * 1024)} MB) one edit may be; split it into several smaller edits, or write the whole file with write_file");
    }

    /// <summary>
    /// The paths an edit names, exactly as the engine will read them (for a policy gate that must see
    /// every file a patch touches before it runs). Paths are as written, not yet resolved or checked.
    /// </summary>
    public static IReadOnlyList<string> TouchedPaths(string editText)
    {
        ArgumentNullException.ThrowIfNull(editText);
        if (TooLarge(editText) is not null)
        {
            // Refused by Apply before it reads a block: it touches nothing.
            return [];
        }

        var lines = TextDocument.SplitLines(editText);
        var script = SearchReplaceParser.Detect(lines) ? SearchReplaceParser.Parse(lines)
            : UnifiedDiffParser.Detect(lines) ? UnifiedDiffParser.Parse(lines)
            : null;
        return script is null ? [] : [.. script.Blocks.Select(b => b.Path).Where(p => p.Length > 0 && p != "?").Distinct(StringComparer.Ordinal)];
    }

    internal static EditReport Apply(WorkspaceRoot workspace, EditScript script, bool dryRun)
    {
        if (script.Blocks.Count == 0)
        {
            return new EditReport { Format = script.Format, Blocks = [], Error = "the edit contains no blocks" };
        }

        if (script.Blocks.Count > MaxBlocks)
        {
            return new EditReport
            {
                Format = script.Format,
                Blocks = [],
                Error = string.Create(CultureInfo.InvariantCulture, $"the edit holds {script.Blocks.Count:N0} blocks, more than the {MaxBlocks:N0} one edit may hold; split it into several edits"),
            };
        }

        var files = new Dictionary<string, FileState>(StringComparer.Ordinal);
        var results = new List<EditBlockResult>();
        for (var index = 0; index < script.Blocks.Count; index++)
        {
            var block = script.Blocks[index];
            var outcome = ApplyBlock(workspace, block, files, script.Format == "search-replace");
            results.Add(new EditBlockResult(index + 1, block.Path, block.SourceLine, outcome.Applied, outcome.Match, outcome.Message));
        }

        var report = new EditReport { Format = script.Format, Blocks = results };
        if (!report.Succeeded)
        {
            return report;
        }

        var changeSet = new FileChangeSet(workspace);
        var changes = new List<FileChange>();
        foreach (var file in files.Values)
        {
            var change = Describe(workspace, file);
            if (change is null)
            {
                continue;
            }

            changes.Add(change);
            changeSet.Stage(file.FullPath, file.Document?.ToBytes());
        }

        if (!dryRun)
        {
            try
            {
                changeSet.Commit();
            }
            catch (Exception ex) when (ex is IOException or ToolRefusedException)
            {
                return report with { Error = ex.Message };
            }
        }

        return report with { Changes = changes };
    }

    private static BlockOutcome ApplyBlock(WorkspaceRoot workspace, EditBlock block, Dictionary<string, FileState> files, bool searchReplace)
    {
        if (block.FormatError is not null)
        {
            return BlockOutcome.Failed(block.FormatError);
        }

        if (searchReplace && block.Path.Any(char.IsWhiteSpace) && !File.Exists(Path.Join(workspace.FullPath, block.Path)))
        {
            // Prose on the line before the block ("Change app.py like this:") must not become a file name.
            return BlockOutcome.Failed(
                $"the line before '<<<<<<< SEARCH' ('{block.Path}') does not look like a file path; put the path alone on that line");
        }

        FileState file;
        try
        {
            file = Open(workspace, block.Path, files);
        }
        catch (ToolRefusedException ex)
        {
            return BlockOutcome.Failed(ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            return BlockOutcome.Failed($"cannot read {block.Path}: {ex.Message}");
        }

        return block.Kind switch
        {
            EditKind.Create => Create(block, file, searchReplace),
            EditKind.Delete => Delete(block, file),
            _ => Replace(block, file, searchReplace),
        };
    }

    private static FileState Open(WorkspaceRoot workspace, string path, Dictionary<string, FileState> files)
    {
        var full = workspace.ResolveForWrite(path);
        if (files.TryGetValue(full, out var known))
        {
            return known;
        }

        if (workspace.Files.KindOf(full) == WorkspaceFileSystem.EntryKind.Directory)
        {
            throw new ToolRefusedException($"'{path}' is a directory, not a file");
        }

        var document = TextDocument.Load(workspace.Files, full, strict: true, out var original);
        var state = new FileState(full, original, document);
        files.Add(full, state);
        return state;
    }

    private static BlockOutcome Create(EditBlock block, FileState file, bool searchReplace)
    {
        if (file.Document is not null)
        {
            return BlockOutcome.Failed(searchReplace
                ? $"the SEARCH section is empty, which creates a file, but {block.Path} already exists; put the lines to replace in the SEARCH section"
                : $"the diff creates {block.Path}, but it already exists");
        }

        file.Document = new TextDocument([.. block.ReplaceLines], endsWithNewline: block.NewEndsWithNewline ?? true);
        return BlockOutcome.Success(MatchStrategy.Exact, null);
    }

    private static BlockOutcome Delete(EditBlock block, FileState file)
    {
        if (file.Document is null)
        {
            return BlockOutcome.Failed($"the diff deletes {block.Path}, but it does not exist");
        }

        if (block.Hunk is not null)
        {
            var lines = file.Document.Lines;
            var same = lines.Count == block.SearchLines.Count
                && lines.Zip(block.SearchLines).All(p => p.First.AsSpan().TrimEnd().SequenceEqual(p.Second.AsSpan().TrimEnd()));
            if (!same)
            {
                return BlockOutcome.Failed(
                    $"the diff deletes {block.Path}, but the lines it removes are not the file's content ({lines.Count} lines in the file, {block.SearchLines.Count} in the diff); read the file again");
            }
        }

        file.Document = null;
        return BlockOutcome.Success(MatchStrategy.Exact, null);
    }

    private static BlockOutcome Replace(EditBlock block, FileState file, bool searchReplace)
    {
        var (what, occur, were) = searchReplace
            ? ("the SEARCH text", "occurs", "was")
            : ("the hunk's old lines (context and removed)", "occur", "were");
        if (file.Document is null)
        {
            return BlockOutcome.Failed(searchReplace
                ? $"{block.Path} does not exist; to create it, leave the SEARCH section empty"
                : $"{block.Path} does not exist; a diff that creates it starts with '--- /dev/null'");
        }

        var document = file.Document;
        if (block.SearchLines.Count == 0)
        {
            if (document.Lines.Count > 0)
            {
                return BlockOutcome.Failed(
                    "the hunk only adds lines and has no context, so its place cannot be found by content (line numbers are only hints; was the diff made with --unified=0?); include the lines around the change");
            }

            document.Lines.AddRange(block.ReplaceLines);
            file.LinesAdded += block.ReplaceLines.Count;
            return BlockOutcome.Success(MatchStrategy.Exact, null);
        }

        int? hint = block.HintLine is { } line ? line - 1 + file.LineOffset : null;
        var match = LineMatcher.Find(document.Lines, block.SearchLines, hint);
        if (match.Ambiguous)
        {
            var where = string.Join(", ", match.Candidates.Take(MaxListedCandidates).Select(c => (c + 1).ToString(CultureInfo.InvariantCulture)))
                + (match.Candidates.Count > MaxListedCandidates ? string.Create(CultureInfo.InvariantCulture, $" and {match.Candidates.Count - MaxListedCandidates:N0} more") : string.Empty);
            var tolerance = match.Strategy == MatchStrategy.Exact ? string.Empty : " (ignoring differences in whitespace)";
            var header = block.HintLine is not null ? " and the hunk header's line number points at none of them" : string.Empty;
            return BlockOutcome.Failed(
                $"{what} {occur} {match.Candidates.Count} times in {block.Path}{tolerance}, starting at lines {where}{header}; include more surrounding lines so that exactly one place matches");
        }

        if (!match.Found)
        {
            var first = block.SearchLines.FirstOrDefault(l => l.Trim().Length > 0) ?? string.Empty;
            return BlockOutcome.Failed(
                $"{what} ({block.SearchLines.Count} line{(block.SearchLines.Count == 1 ? "" : "s")}, starting '{first.Trim()}') {were} not found in {block.Path}.\n"
                + ClosestLines.Suggest(document.Lines, block.SearchLines, block.Path));
        }

        var replacement = new List<string>();
        if (block.Hunk is not null)
        {
            var position = match.Start;
            foreach (var hunkLine in block.Hunk)
            {
                switch (hunkLine.Op)
                {
                    case ' ':
                        // Context keeps the file's own text, whatever tolerance located it.
                        replacement.Add(document.Lines[position++]);
                        break;
                    case '-':
                        position++;
                        break;
                    default:
                        if (!TryReindent(hunkLine.Text, match.Shift, replacement))
                        {
                            return Unindentable(block, match.Shift!);
                        }

                        break;
                }
            }
        }
        else
        {
            foreach (var newLine in block.ReplaceLines)
            {
                if (!TryReindent(newLine, match.Shift, replacement))
                {
                    return Unindentable(block, match.Shift!);
                }
            }
        }

        var reachesEnd = match.Start + block.SearchLines.Count == document.Lines.Count;
        document.Lines.RemoveRange(match.Start, block.SearchLines.Count);
        document.Lines.InsertRange(match.Start, replacement);
        if (reachesEnd && block.NewEndsWithNewline is { } endsWithNewline)
        {
            document.EndsWithNewline = endsWithNewline;
        }

        file.LineOffset += replacement.Count - block.SearchLines.Count;
        CountChangedLines(file, block.SearchLines, replacement);
        return BlockOutcome.Success(match.Strategy, Note(match));
    }

    private static bool TryReindent(string line, IndentShift? shift, List<string> into)
    {
        var shifted = shift is null ? line : shift.Apply(line);
        if (shifted is null)
        {
            return false;
        }

        into.Add(shifted);
        return true;
    }

    private static BlockOutcome Unindentable(EditBlock block, IndentShift shift) =>
        BlockOutcome.Failed(
            $"the old text matched in {block.Path} with different indentation ({shift.Describe()}), but the new text cannot be re-indented to match: some of its lines are indented less than that difference; copy the file's indentation exactly");

    private static string? Note(LineMatch match)
    {
        var note = match.Strategy switch
        {
            MatchStrategy.TrailingWhitespace => "matched ignoring trailing whitespace",
            MatchStrategy.Indentation => $"matched with different indentation ({match.Shift!.Describe()}); the new text was re-indented to match",
            _ => null,
        };
        if (match.ChosenByHint)
        {
            var hintNote = $"the text occurs {match.Candidates.Count} times; the hunk header's line number chose line {match.Start + 1}";
            note = note is null ? hintNote : $"{note}; {hintNote}";
        }

        return note;
    }

    private static FileChange? Describe(WorkspaceRoot workspace, FileState file)
    {
        var relative = workspace.ToRelative(file.FullPath);
        if (file.Document is null)
        {
            return file.OriginalLineCount is { } removed ? new FileChange(relative, "deleted", 0, removed) : null;
        }

        if (file.Original is null)
        {
            return new FileChange(relative, "created", file.Document.Lines.Count, 0);
        }

        return file.Document.ToBytes().AsSpan().SequenceEqual(file.Original)
            ? null
            : new FileChange(relative, "modified", file.LinesAdded, file.LinesRemoved);
    }

    // Counts from the blocks themselves: a whole-file diff of a large file would cost more than the edit.
    // A line diff costs the product of the changed parts' lengths, so lines shared at both ends are skipped and
    // a large remainder is counted as replaced whole.
    private static void CountChangedLines(FileState file, IReadOnlyList<string> before, IReadOnlyList<string> after)
    {
        var head = 0;
        while (head < before.Count && head < after.Count && string.Equals(before[head], after[head], StringComparison.Ordinal))
        {
            head++;
        }

        var tail = 0;
        while (tail < before.Count - head && tail < after.Count - head
            && string.Equals(before[before.Count - 1 - tail], after[after.Count - 1 - tail], StringComparison.Ordinal))
        {
            tail++;
        }

        var removed = before.Skip(head).Take(before.Count - head - tail).ToList();
        var added = after.Skip(head).Take(after.Count - head - tail).ToList();
        if ((long)removed.Count * added.Count > MaxDiffedLinePairs)
        {
            file.LinesAdded += added.Count;
            file.LinesRemoved += removed.Count;
            return;
        }

        var diff = new Differ().CreateLineDiffs(string.Join('\n', removed) + "\n", string.Join('\n', added) + "\n", ignoreWhitespace: false);
        file.LinesAdded += diff.DiffBlocks.Sum(b => b.InsertCountB);
        file.LinesRemoved += diff.DiffBlocks.Sum(b => b.DeleteCountA);
    }

    private sealed class FileState(string fullPath, byte[]? original, TextDocument? document)
    {
        public string FullPath { get; } = fullPath;

        public byte[]? Original { get; } = original;

        public TextDocument? Document { get; set; } = document;

        public int? OriginalLineCount { get; } = document?.Lines.Count;

        public int LinesAdded { get; set; }

        public int LinesRemoved { get; set; }

        /// <summary>Lines added minus lines removed by earlier blocks, to move later hunks' line-number hints.</summary>
        public int LineOffset { get; set; }
    }

    private sealed record BlockOutcome(bool Applied, MatchStrategy? Match, string? Message)
    {
        public static BlockOutcome Success(MatchStrategy match, string? note) => new(true, match, note);

        public static BlockOutcome Failed(string message) => new(false, null, message);
    }
}
