namespace Leviathan.Tools.Edits;

/// <summary>
/// The one uniform indentation difference between a block's old text and the file: the file has
/// <see cref="Delta"/> more (<see cref="Add"/>) or less indentation on every non-blank line.
/// </summary>
internal sealed record IndentShift(string Delta, bool Add)
{
    /// <summary>Re-indents a line of new text to match the file; null when it cannot be (less indented than the shift removes).</summary>
    public string? Apply(string line)
    {
        if (line.Trim().Length == 0)
        {
            return line;
        }

        if (Add)
        {
            return Delta + line;
        }

        return line.StartsWith(Delta, StringComparison.Ordinal) ? line[Delta.Length..] : null;
    }

    public string Describe()
    {
        var what = Delta.All(c => c == ' ') ? $"{Delta.Length} space{(Delta.Length == 1 ? "" : "s")}"
            : Delta.All(c => c == '\t') ? $"{Delta.Length} tab{(Delta.Length == 1 ? "" : "s")}"
            : $"'{Delta.Replace("\t", "\\t", StringComparison.Ordinal)}'";
        return Add ? $"the file is indented {what} more" : $"the file is indented {what} less";
    }
}
