using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Leviathan.Tools.Contract;
using Leviathan.Tools.Edits;

namespace Leviathan.Tools.Standard;

/// <summary><c>search_files {pattern, path?, glob?}</c>: lines matching a regular expression, as <c>path:line: text</c>.</summary>
public sealed class SearchFilesTool : Tool<SearchFilesArguments>
{
    public const string ToolName = "search_files";
    private const int MaxMatches = 500;
    private const int MaxShownLineLength = 300;
    private const long MaxFileBytes = 5 * 1024 * 1024;
    private const string TooLarge = "larger than 5 MB";

    public SearchFilesTool()
        : base(
            ToolName,
            "Search workspace text files for lines matching a regular expression; prints 'path:line: text' per match (binary files and .git skipped).")
    {
    }

    protected override Task<ToolResult> HandleAsync(SearchFilesArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        Regex regex;
        try
        {
            regex = new Regex(arguments.Pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException ex)
        {
            throw new ToolRefusedException($"pattern '{arguments.Pattern}' is not a valid regular expression: {ex.Message}");
        }

        var glob = StandardGlob.Parse(arguments.Glob);
        var text = new StringBuilder();
        var matches = 0;
        var filesSearched = 0;
        var skipped = 0;
        var files = WorkspaceFiles.Walk(context.Workspace, arguments.Path ?? ".", glob, cancellationToken)
            .Where(e => e.Note is null)
            .OrderBy(e => e.RelativePath, StringComparer.Ordinal);
        foreach (var file in files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            TextDocument document;
            try
            {
                var bytes = context.Workspace.Files.TryReadAllBytes(file.FullPath, MaxFileBytes, _ => TooLarge, out _);
                if (bytes is null)
                {
                    continue;
                }

                document = TextDocument.FromBytes(bytes, strict: false);
            }
            catch (InvalidDataException ex) when (ex.Message == TooLarge)
            {
                skipped++;
                continue;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or ToolRefusedException)
            {
                // Binary, unreadable, or replaced by a link since it was listed: not searched.
                continue;
            }

            filesSearched++;
            for (var i = 0; i < document.Lines.Count; i++)
            {
                bool isMatch;
                try
                {
                    isMatch = regex.IsMatch(document.Lines[i]);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ToolRefusedException($"pattern '{arguments.Pattern}' took too long on {file.RelativePath}:{i + 1}; simplify it.");
                }

                if (!isMatch)
                {
                    continue;
                }

                if (++matches > MaxMatches)
                {
                    break;
                }

                var line = document.Lines[i];
                var shown = line.Length > MaxShownLineLength ? line[..MaxShownLineLength] + "..." : line;
                text.Append(CultureInfo.InvariantCulture, $"{file.RelativePath}:{i + 1}: {shown}\n");
            }

            if (matches > MaxMatches)
            {
                text.Append(CultureInfo.InvariantCulture, $"[stopped after {MaxMatches} matches; narrow the search with path, glob or a more specific pattern]\n");
                break;
            }
        }

        if (matches == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No matches for '{arguments.Pattern}' in {filesSearched} file{(filesSearched == 1 ? "" : "s")}.\n");
        }

        if (skipped > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{skipped} file{(skipped == 1 ? "" : "s")} larger than 5 MB not searched]\n");
        }

        return Task.FromResult(ToolResult.Success(text.ToString()));
    }
}
