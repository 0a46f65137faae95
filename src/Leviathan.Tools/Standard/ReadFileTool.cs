using System.Globalization;
using System.Text;
using Leviathan.Tools.Contract;

namespace Leviathan.Tools.Standard;

/// <summary><c>read_file {path, offset?, limit?}</c>: a text file's lines, numbered like <c>cat -n</c>.</summary>
public sealed class ReadFileTool : Tool<ReadFileArguments>
{
    public const string ToolName = "read_file";
    private const int DefaultLimit = 2000;
    private const int MaxLineLength = 2000;

    public ReadFileTool()
        : base(
            ToolName,
            "Read a workspace text file. Lines come numbered ('   12\\tcode'); the numbers are not in the file. "
            + "Read a long file in parts with offset and limit.")
    {
    }

    protected override Task<ToolResult> HandleAsync(ReadFileArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var full = StandardFiles.ExistingFile(context.Workspace, arguments.Path);
        var document = StandardFiles.LoadText(context.Workspace, full, arguments.Path, strict: false);
        var lines = document.Lines;
        if (lines.Count == 0)
        {
            return Task.FromResult(ToolResult.Success($"{arguments.Path} is empty."));
        }

        var first = (arguments.Offset ?? 1) - 1;
        if (first >= lines.Count)
        {
            throw new ToolRefusedException(
                $"offset {arguments.Offset} is past the end of {arguments.Path}, which has {lines.Count} line{(lines.Count == 1 ? "" : "s")}.");
        }

        var count = Math.Min(arguments.Limit ?? DefaultLimit, lines.Count - first);
        var text = new StringBuilder();
        for (var i = first; i < first + count; i++)
        {
            var line = lines[i];
            if (line.Length > MaxLineLength)
            {
                line = string.Create(CultureInfo.InvariantCulture, $"{line.AsSpan(0, MaxLineLength)}... [{line.Length - MaxLineLength} more characters on this line]");
            }

            text.Append(CultureInfo.InvariantCulture, $"{i + 1,6}\t{line}\n");
        }

        if (first > 0 || first + count < lines.Count)
        {
            text.Append(CultureInfo.InvariantCulture, $"[lines {first + 1}-{first + count} of {lines.Count}");
            text.Append(first + count < lines.Count
                ? string.Create(CultureInfo.InvariantCulture, $"; read on with offset={first + count + 1}]\n")
                : "]\n");
        }

        return Task.FromResult(ToolResult.Success(text.ToString()));
    }
}
