namespace Leviathan.Tools.Policy;

/// <summary>
/// A program the shell will start, after wrappers (<c>env</c>, <c>sudo</c>, <c>nice</c>, <c>xargs</c>…) are
/// taken off: its name without directory (<c>/usr/bin/rm</c> is <c>rm</c>) and its argument vector.
/// </summary>
/// <param name="Program">The program's file name; null when an expansion names it.</param>
/// <param name="Arguments">Its arguments after quote removal.</param>
/// <param name="Wrappers">The wrapper programs in front of it, outermost first.</param>
/// <param name="Command">The simple command it comes from (its redirections and pipeline).</param>
internal sealed record ShellInvocation(string? Program, IReadOnlyList<ShellWord> Arguments, IReadOnlyList<string> Wrappers, ShellCommand Command)
{
    /// <summary>The program and its arguments as one line, for the rules' command patterns.</summary>
    public string Line => string.Join(' ', Arguments.Select(a => a.Shown).Prepend(Program ?? "$?"));

    /// <summary>The same, with the wrappers in front (<c>sudo env make</c>).</summary>
    public string FullLine => Wrappers.Count == 0 ? Line : string.Join(' ', Wrappers) + " " + Line;

    /// <summary>Arguments that are not options (<c>-x</c>, <c>--long</c>) up to <c>--</c>, and all after it.</summary>
    public IEnumerable<ShellWord> Operands()
    {
        var optionsEnded = false;
        foreach (var argument in Arguments)
        {
            if (!optionsEnded && argument.Text == "--")
            {
                optionsEnded = true;
                continue;
            }

            if (!optionsEnded && argument.Text.Length > 1 && argument.Text[0] == '-')
            {
                continue;
            }

            foreach (var word in argument.ExpandBraces())
            {
                yield return word;
            }
        }
    }

    /// <summary>Whether a short option letter is given (<c>-rf</c> holds <c>r</c>) or the long option.</summary>
    public bool HasOption(char letter, string? longName = null) => Arguments.TakeWhile(a => a.Text != "--").Any(a =>
        (a.Text.Length > 1 && a.Text[0] == '-' && a.Text[1] != '-' && a.Text.Contains(letter, StringComparison.Ordinal))
        || (longName is not null && (a.Text == longName || a.Text.StartsWith(longName + "=", StringComparison.Ordinal))));

    /// <summary>The value of an option given as <c>-t DIR</c>, <c>-tDIR</c>, <c>--long=DIR</c> or <c>--long DIR</c>.</summary>
    public IEnumerable<ShellWord> OptionValues(char? letter, string? longName)
    {
        for (var i = 0; i < Arguments.Count; i++)
        {
            var text = Arguments[i].Text;
            if (text == "--")
            {
                yield break;
            }

            if (letter is { } l && text.Length >= 2 && text[0] == '-' && text[1] != '-')
            {
                var at = text.IndexOf(l, 1);
                if (at > 0)
                {
                    if (at < text.Length - 1)
                    {
                        yield return Slice(Arguments[i], at + 1);
                    }
                    else if (i + 1 < Arguments.Count)
                    {
                        yield return Arguments[i + 1];
                    }
                }
            }
            else if (longName is not null && text == longName && i + 1 < Arguments.Count)
            {
                yield return Arguments[i + 1];
            }
            else if (longName is not null && text.StartsWith(longName + "=", StringComparison.Ordinal))
            {
                yield return Slice(Arguments[i], longName.Length + 1);
            }
        }
    }

    public static ShellWord Slice(ShellWord word, int start) =>
        new(word.Text[start..], word.Quoted, word.Glob, word.Brace, assignment: false, word.Substitutions);
}
