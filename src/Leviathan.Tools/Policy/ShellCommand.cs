namespace Leviathan.Tools.Policy;

/// <summary>One simple command: assignments, words and redirections, and where it sits in its pipeline.</summary>
internal sealed class ShellCommand
{
    public List<ShellWord> Assignments { get; } = [];

    public List<ShellWord> Words { get; } = [];

    public List<ShellRedirection> Redirections { get; } = [];

    /// <summary>Commands joined by <c>|</c> share this number.</summary>
    public int Pipeline { get; set; }

    /// <summary>Its place in the pipeline: above 0, its standard input is the previous command's output.</summary>
    public int PipelineIndex { get; set; }

    /// <summary>It is the first command of <c>&gt;(…)</c>: its standard input is another command's output.</summary>
    public bool StdinFromOuterCommand { get; set; }

    /// <summary>The function whose body holds it, if any.</summary>
    public string? Function { get; set; }

    public bool IsEmpty => Assignments.Count == 0 && Words.Count == 0 && Redirections.Count == 0;
}
