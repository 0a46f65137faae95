using System.Text;

namespace Leviathan.Tools.Policy;

/// <summary>
/// A shell word after quote removal. What the shell only knows when it runs (a variable, a command
/// substitution) is kept as a marker character: <see cref="Unknown"/>, or <see cref="Pwd"/> and
/// <see cref="Home"/> for the two values the gate can name (the current directory and the home folder).
/// </summary>
internal sealed class ShellWord(string text, bool quoted, bool glob, bool brace, bool assignment, IReadOnlyList<ShellScript> substitutions)
{
    public const char Unknown = '\uE000';
    public const char Pwd = '\uE001';
    public const char Home = '\uE002';

    private const int MaxBraceWords = 64;
    private const int MaxBraceLength = 4096;
    private const int MaxBraceSteps = 256;

    /// <summary>The text with quotes removed and expansions as markers.</summary>
    public string Text { get; } = text;

    /// <summary>Any part of it was quoted or escaped (a quoted <c>if</c> is not a keyword).</summary>
    public bool Quoted { get; } = quoted;

    /// <summary>It holds an unquoted <c>* ? [</c>.</summary>
    public bool Glob { get; } = glob;

    /// <summary>It holds an unquoted <c>{</c> (brace expansion may make several words of it).</summary>
    public bool Brace { get; } = brace;

    /// <summary><c>NAME=value</c> with the name unquoted.</summary>
    public bool Assignment { get; } = assignment;

    /// <summary>The scripts of its command and process substitutions (they run too).</summary>
    public IReadOnlyList<ShellScript> Substitutions { get; } = substitutions;

    /// <summary>Whether its value is fully known without running anything.</summary>
    public bool IsKnown => !Text.Contains(Unknown, StringComparison.Ordinal);

    /// <summary>Literal text: no marker at all.</summary>
    public bool IsLiteral => Text.AsSpan().IndexOfAny(Unknown, Pwd, Home) < 0;

    /// <summary>The word as a reader would write it: <c>$?</c> for an unknown value, <c>$PWD</c>, <c>~</c>.</summary>
    public string Shown => Show(Text);

    public static ShellWord Plain(string text) => new(text, quoted: false, glob: false, brace: false, assignment: false, []);

    public static string Show(string text) => text.AsSpan().IndexOfAny(Unknown, Pwd, Home) < 0
        ? text
        : text.Replace(Unknown.ToString(), "$?", StringComparison.Ordinal)
            .Replace(Pwd.ToString(), "$PWD", StringComparison.Ordinal)
            .Replace(Home.ToString(), "~", StringComparison.Ordinal);

    /// <summary>The text with <c>$PWD</c> and <c>~</c> filled in; unknown values stay markers.</summary>
    public string Expand(string? cwd, string home)
    {
        var text = Text.Replace(Home.ToString(), home, StringComparison.Ordinal);
        return cwd is null ? text : text.Replace(Pwd.ToString(), cwd, StringComparison.Ordinal);
    }

    /// <summary>The words brace expansion makes of this one (<c>{a,b}</c> and <c>{1..3}</c> style), at most 64.</summary>
    public IReadOnlyList<ShellWord> ExpandBraces()
    {
        if (!Brace)
        {
            return [this];
        }

        var results = new List<string>();
        var budget = MaxBraceSteps;
        if (Text.Length > MaxBraceLength || !ExpandBraces(Text, results, ref budget))
        {
            // Too many braces to expand: a value the gate does not know, judged as such.
            return [new ShellWord(Unknown.ToString(), Quoted, Glob, brace: false, Assignment, Substitutions)];
        }

        return results.Count <= 1 ? [this] : [.. results.Select(r => new ShellWord(r, Quoted, Glob, brace: false, Assignment, Substitutions))];
    }

    private static bool ExpandBraces(string text, List<string> results, ref int budget)
    {
        if (results.Count >= MaxBraceWords || --budget < 0)
        {
            return budget >= 0;
        }

        var open = -1;
        var depth = 0;
        var commas = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '{')
            {
                if (depth++ == 0)
                {
                    open = i;
                    commas.Clear();
                }
            }
            else if (text[i] == ',' && depth == 1)
            {
                commas.Add(i);
            }
            else if (text[i] == '}' && depth > 0 && --depth == 0)
            {
                var inner = text[(open + 1)..i];
                var before = text[..open];
                var after = text[(i + 1)..];
                if (commas.Count > 0)
                {
                    var start = open + 1;
                    foreach (var end in commas.Append(i))
                    {
                        if (!ExpandBraces(before + text[start..end] + after, results, ref budget))
                        {
                            return false;
                        }

                        start = end + 1;
                    }

                    return true;
                }

                // {a..z} sequences: the ends stand for the range, enough to judge a target.
                var range = inner.IndexOf("..", StringComparison.Ordinal);
                if (range > 0)
                {
                    return ExpandBraces(before + inner[..range] + after, results, ref budget)
                        && ExpandBraces(before + inner[(range + 2)..] + after, results, ref budget);
                }
            }
        }

        results.Add(text);
        return true;
    }

    public override string ToString() => Shown;

    /// <summary>Builds one word while the parser reads it.</summary>
    internal sealed class Builder
    {
        private readonly StringBuilder _text = new();
        private List<ShellScript>? _substitutions;
        private int _firstQuote = -1;

        public bool Started { get; private set; }

        public bool Quoted { get; private set; }

        public bool Glob { get; set; }

        public bool Brace { get; set; }

        public int Length => _text.Length;

        public void Append(char c)
        {
            _text.Append(c);
            Started = true;
        }

        public void Append(ReadOnlySpan<char> text)
        {
            _text.Append(text);
            Started = true;
        }

        public void MarkQuoted()
        {
            if (!Quoted)
            {
                _firstQuote = _text.Length;
            }

            Quoted = true;
            Started = true;
        }

        public void AddSubstitution(ShellScript script) => (_substitutions ??= []).Add(script);

        public bool OnlyDigits() => !Quoted && _text.Length > 0 && _text.ToString().All(char.IsAsciiDigit);

        public ShellWord Build()
        {
            var text = _text.ToString();
            var equals = text.IndexOf('=', StringComparison.Ordinal);
            var nameEnd = equals > 0 && text[equals - 1] == '+' ? equals - 1 : equals;
            var assignment = nameEnd > 0 && (_firstQuote < 0 || _firstQuote > nameEnd)
                && (char.IsAsciiLetter(text[0]) || text[0] == '_')
                && text.AsSpan(0, nameEnd).ContainsAnyExcept(NameChars) is false;
            return new ShellWord(text, Quoted, Glob, Brace, assignment, _substitutions ?? (IReadOnlyList<ShellScript>)[]);
        }

        public void Reset()
        {
            _text.Clear();
            _substitutions = null;
            _firstQuote = -1;
            Started = Quoted = Glob = Brace = false;
        }

        private static readonly System.Buffers.SearchValues<char> NameChars =
            System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");
    }
}
