namespace Leviathan.Tools.Policy;

/// <summary>A word of a simple shell command, or a redirection operator (<c>&gt;</c>, <c>&gt;&gt;</c>, <c>&amp;&gt;</c>, <c>&gt;&amp;</c>, <c>&lt;</c>).</summary>
internal readonly record struct ShellWord(string Text, bool IsOperator);
