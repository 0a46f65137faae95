using System.Globalization;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;

namespace Leviathan.Tools.Standard;

/// <summary>
/// <c>edit_file {path, old_text, new_text, replace_all?}</c>: replaces text that occurs exactly once.
/// Exact text is looked for first; whole lines that differ only in trailing whitespace or by one
/// uniform indentation are accepted next, with the new text re-indented. Anything else is refused.
/// </summary>
public sealed class EditFileTool : Tool<EditFileArguments>
{
    public const string ToolName = "edit_file";

    public EditFileTool()
        : base(
            ToolName,
            "Replace old_text with new_text in a file. old_text must occur exactly once (or set replace_all); "
            + "otherwise nothing changes and the result shows where it occurs or the closest lines.")
    {
    }

    protected override Task<ToolResult> HandleAsync(EditFileArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        if (EditEngine.TooLarge(arguments.OldText + arguments.NewText) is { } tooLarge)
        {
            throw new ToolRefusedException($"old_text and new_text together are too large: {tooLarge}.");
        }

        var oldText = Normalize(arguments.OldText);
        var newText = Normalize(arguments.NewText);
        if (oldText == newText)
        {
            throw new ToolRefusedException("old_text and new_text are the same; there is nothing to change.");
        }

        var full = StandardFiles.ExistingFile(context.Workspace, arguments.Path, forWrite: true);
        var document = StandardFiles.LoadText(context.Workspace, full, arguments.Path, strict: true);
        var text = string.Join('\n', document.Lines) + (document.EndsWithNewline && document.Lines.Count > 0 ? "\n" : string.Empty);
        var occurrences = Occurrences(text, oldText);
        string updated;
        string summary;
        if (occurrences.Count == 1 || (occurrences.Count > 1 && arguments.ReplaceAll == true))
        {
            updated = text.Replace(oldText, newText, StringComparison.Ordinal);
            summary = occurrences.Count == 1
                ? $"replaced 1 occurrence at line {LineOf(text, occurrences[0])}"
                : $"replaced {occurrences.Count} occurrences at lines {string.Join(", ", LinesOf(text, occurrences))}";
        }
        else if (occurrences.Count > 1)
        {
            throw new ToolRefusedException(
                $"old_text occurs {occurrences.Count} times in {arguments.Path}, at lines {string.Join(", ", LinesOf(text, occurrences))}; "
                + "include more surrounding text so that it occurs once, or set replace_all to true.");
        }
        else
        {
            (updated, summary) = ReplaceTolerantly(document, oldText, newText, arguments.Path);
        }

        var result = TextDocument.Parse(updated, document.ByteOrderMark);
        var output = new TextDocument(result.Lines, document.Newline, result.EndsWithNewline, document.ByteOrderMark);
        var changes = new FileChangeSet(context.Workspace);
        changes.Stage(full, output.ToBytes());
        changes.Commit();
        var relative = context.Workspace.ToRelative(full);
        return Task.FromResult(ToolResult.Success($"Edited {relative}: {summary}.", [new ToolArtifact(relative, "modified")]));
    }

    private static (string Text, string Summary) ReplaceTolerantly(TextDocument document, string oldText, string newText, string path)
    {
        var search = TextDocument.SplitLines(oldText);
        var match = LineMatcher.Find(document.Lines, search);
        if (match.Ambiguous)
        {
            throw new ToolRefusedException(
                $"old_text does not occur exactly in {path}, but with different whitespace it matches {match.Candidates.Count} places, "
                + $"starting at lines {string.Join(", ", match.Candidates.Take(20).Select(c => c + 1))}{(match.Candidates.Count > 20 ? " and more" : string.Empty)}; copy the text exactly from the file and include more surrounding lines.");
        }

        if (!match.Found)
        {
            var first = search.FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? string.Empty;
            throw new ToolRefusedException(
                $"old_text (starting '{first}') was not found in {path}.\n" + ClosestLines.Suggest(document.Lines, search, path));
        }

        var replacement = new List<string>();
        foreach (var line in TextDocument.SplitLines(newText))
        {
            var shifted = match.Shift is null ? line : match.Shift.Apply(line)
                ?? throw new ToolRefusedException(
                    $"old_text matched in {path} with different indentation ({match.Shift.Describe()}), but new_text cannot be re-indented to match; copy the file's indentation exactly.");
            replacement.Add(shifted);
        }

        var lines = new List<string>(document.Lines);
        lines.RemoveRange(match.Start, search.Count);
        lines.InsertRange(match.Start, replacement);
        var how = match.Strategy == MatchStrategy.Indentation
            ? $"matched with different indentation ({match.Shift!.Describe()}); new_text was re-indented to match"
            : "matched ignoring trailing whitespace";
        var text = string.Join('\n', lines) + (document.EndsWithNewline && lines.Count > 0 ? "\n" : string.Empty);
        return (text, string.Create(CultureInfo.InvariantCulture, $"replaced lines {match.Start + 1}-{match.Start + search.Count} ({how})"));
    }

    private static List<int> Occurrences(string text, string value)
    {
        var found = new List<int>();
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            found.Add(index);
        }

        return found;
    }

    private static int LineOf(string text, int index) => text.AsSpan(0, index).Count('\n') + 1;

    // One pass over the text for all occurrences (they are in order), listing at most 20 of them.
    private static IEnumerable<string> LinesOf(string text, List<int> occurrences)
    {
        var line = 1;
        var counted = 0;
        foreach (var index in occurrences.Take(20))
        {
            line += text.AsSpan(counted, index - counted).Count('\n');
            counted = index;
            yield return line.ToString(CultureInfo.InvariantCulture);
        }

        if (occurrences.Count > 20)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"and {occurrences.Count - 20} more");
        }
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);
}
