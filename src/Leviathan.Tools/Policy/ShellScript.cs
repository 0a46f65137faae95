namespace Leviathan.Tools.Policy;

/// <summary>A parsed shell script: its simple commands in order (subshells, groups and control structures flattened), functions, and what could not be read.</summary>
internal sealed class ShellScript
{
    public List<ShellCommand> Commands { get; } = [];

    public List<ShellFunction> Functions { get; } = [];

    /// <summary>An output process substitution, <c>&gt;(…)</c>: its first commands read what the outer command writes.</summary>
    public bool ReadsOuterOutput { get; init; }

    /// <summary>Words that are not commands but may hold substitutions (<c>for x in $(...)</c>, case subjects).</summary>
    public List<ShellWord> OtherWords { get; } = [];

    /// <summary>Why part of the script could not be judged (nesting too deep...); empty when all of it was read.</summary>
    public List<string> Problems { get; } = [];
}
