namespace Leviathan.Tools.Policy;

/// <summary>
/// What a shell line will run, as far as can be known before it runs: every program with its argument
/// vector (nested <c>sh -c</c>, <c>eval</c>, substitutions, <c>xargs</c> and <c>find -exec</c> included), every
/// redirection, and the places where the code that runs cannot be read (piped into a shell, eval of a
/// variable, a program named by a variable).
/// </summary>
internal sealed class CommandAnalysis
{
    /// <summary>Lines longer than this are refused: the kernel caps one argument (the <c>sh -c</c> script) at 128 KiB too.</summary>
    public const int MaxLength = 131_072;

    public List<ShellInvocation> Invocations { get; } = [];

    /// <summary>Every simple command, nested ones included (their redirections are judged).</summary>
    public List<ShellCommand> Commands { get; } = [];

    public List<ShellFunction> Functions { get; } = [];

    /// <summary>Why some code that runs cannot be read by the gate.</summary>
    public List<string> UnknownCode { get; } = [];

    /// <summary>Downloaded or decoded text fed to a shell or interpreter.</summary>
    public List<string> DownloadsToShell { get; } = [];

    /// <summary>Why the line could not be read at all (nesting too deep...).</summary>
    public List<string> Problems { get; } = [];

    public static CommandAnalysis Of(string command)
    {
        var analysis = new CommandAnalysis();
        if (command.Length > MaxLength)
        {
            analysis.Problems.Add($"the command is {command.Length} characters long, too long to judge (at most {MaxLength}, which is also the kernel's limit for one argument)");
            return analysis;
        }

        if (command.Contains('\0', StringComparison.Ordinal))
        {
            analysis.Problems.Add("the command holds a NUL character, which cannot be passed to a shell");
            return analysis;
        }

        if (command.AsSpan().IndexOfAny(ShellWord.Unknown, ShellWord.Pwd, ShellWord.Home) >= 0)
        {
            // The parser uses these private-use characters as its own markers.
            analysis.Problems.Add("the command holds the private-use characters U+E000 to U+E002, which the gate reserves");
            return analysis;
        }

        var script = ShellParser.Parse(command);
        new ShellAnalyzer(analysis).Add(script, depth: 0);
        analysis.Problems.AddRange(script.Problems);
        return analysis;
    }
}
