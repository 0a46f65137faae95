namespace Leviathan.Tools.Policy;

/// <summary>One redirection of a simple command: <c>&gt; file</c>, <c>2&gt;&gt; log</c>, <c>&lt;&lt;EOF</c>...</summary>
/// <param name="Operator">The operator without its descriptor: <c>&gt; &gt;&gt; &gt;| &amp;&gt; &amp;&gt;&gt; &lt;&gt; &gt;&amp; &lt;&amp; &lt; &lt;&lt; &lt;&lt;- &lt;&lt;&lt;</c>.</param>
/// <param name="Fd">The descriptor number written before it, if any.</param>
/// <param name="Target">The file (or here-document delimiter, or here-string).</param>
internal sealed record ShellRedirection(string Operator, int? Fd, ShellWord Target)
{
    /// <summary>A here-document's body, once the parser has read it.</summary>
    public string? HereDocument { get; set; }

    /// <summary>The command substitutions of an unquoted here-document's body (they run).</summary>
    public List<ShellScript> BodySubstitutions { get; } = [];

    /// <summary>A here-document whose delimiter was quoted: its body is not expanded.</summary>
    public bool LiteralHereDocument => Target.Quoted;

    /// <summary>Whether it opens its target for writing.</summary>
    public bool Writes => Operator switch
    {
        ">" or ">>" or ">|" or "&>" or "&>>" or "<>" => true,
        // >&word duplicates a descriptor when word is a number or '-', and otherwise writes a file (bash).
        ">&" => !(Target.Text == "-" || (Target.Text.Length > 0 && Target.Text.All(char.IsAsciiDigit))),
        _ => false,
    };

    /// <summary>Whether it feeds the command's standard input.</summary>
    public bool FeedsStdin => (Fd ?? 0) == 0 && Operator is "<" or "<<" or "<<-" or "<<<" or "<>";
}
