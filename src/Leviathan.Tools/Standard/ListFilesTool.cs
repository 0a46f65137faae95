using System.Globalization;
using System.Text;
using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Standard;

/// <summary><c>list_files {path?, glob?}</c>: the files under a folder, one workspace-relative path per line.</summary>
public sealed class ListFilesTool : Tool<ListFilesArguments>
{
    public const string ToolName = "list_files";
    private const int MaxEntries = 1000;

    public ListFilesTool()
        : base(
            ToolName,
            "List the files under a workspace folder, recursively and sorted (.git skipped).")
    {
    }

    protected override Task<ToolResult> HandleAsync(ListFilesArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var glob = StandardGlob.Parse(arguments.Glob);
        var entries = WorkspaceFiles.Walk(context.Workspace, arguments.Path ?? ".", glob, cancellationToken)
            .OrderBy(e => e.RelativePath, StringComparer.Ordinal)
            .ToList();
        if (entries.Count == 0)
        {
            return Task.FromResult(ToolResult.Success(
                arguments.Glob is null ? $"No files under {arguments.Path ?? "."}." : $"No files under {arguments.Path ?? "."} match '{arguments.Glob}'."));
        }

        var text = new StringBuilder();
        foreach (var entry in entries.Take(MaxEntries))
        {
            text.Append(entry.RelativePath);
            if (entry.Note is not null)
            {
                text.Append("  (").Append(entry.Note).Append(')');
            }

            text.Append('\n');
        }

        if (entries.Count > MaxEntries)
        {
            text.Append(CultureInfo.InvariantCulture, $"[{entries.Count - MaxEntries} more files not shown; narrow the listing with path or glob]\n");
        }

        return Task.FromResult(ToolResult.Success(text.ToString()));
    }
}
