using System.Globalization;
using System.Text;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Reads a POSIX shell line (with the bash forms agents use) the way the shell will: quote removal
/// (<c>'…'</c>, <c>"…"</c>, <c>$'…'</c>, backslash), variables and command substitutions as unknown values
/// (their commands parsed too), redirections anywhere in a command, here-documents, <c>; &amp;&amp; || | &amp;</c>,
/// subshells, groups, <c>!</c>, control keywords and function definitions. One pass over the text; nesting
/// deeper than <see cref="MaxDepth"/> stops the reading with a problem instead of recursing further.
/// </summary>
internal sealed class ShellParser
{
    public const int MaxDepth = 24;

    private static readonly HashSet<string> SkippedKeywords = new(StringComparer.Ordinal)
    {
        "if", "then", "elif", "else", "fi", "do", "done", "while", "until", "!", "{", "}", "esac", "coproc",
    };

    private readonly string _text;
    private readonly List<ShellRedirection> _pendingHereDocuments = [];
    private readonly List<string> _problems;
    private int _i;
    private bool _stopped;

    private ShellParser(string text, List<string> problems)
    {
        _text = text;
        _problems = problems;
    }

    public static ShellScript Parse(string text) => Parse(text, 0, null);

    private static ShellScript Parse(string text, int depth, List<string>? problems)
    {
        var script = new ShellScript();
        var parser = new ShellParser(text, problems ?? script.Problems);
        parser.ParseInto(script, depth, untilParen: false);
        return script;
    }

    private enum TokenKind
    {
        End,
        Word,
        Operator,
        Redirection,
    }

    private readonly record struct Token(TokenKind Kind, string Text, ShellWord? Word, int? Fd);

    private void Stop(string problem)
    {
        if (!_stopped)
        {
            _problems.Add(problem);
        }

        _stopped = true;
        _i = _text.Length;
    }

    private void ParseInto(ShellScript script, int depth, bool untilParen)
    {
        if (depth > MaxDepth)
        {
            Stop($"the command nests substitutions or shells more than {MaxDepth} levels deep");
            return;
        }

        var command = new ShellCommand();
        var pipeline = 0;
        var parens = 0;
        var braces = 0;
        var casePatterns = false;
        var cases = 0;
        var functions = new Stack<(ShellFunction Function, int Braces)>();
        string? pendingFunction = null;

        void Finish(bool piped)
        {
            if (!command.IsEmpty)
            {
                command.StdinFromOuterCommand = script.ReadsOuterOutput && command.PipelineIndex == 0;
                if (functions.Count > 0)
                {
                    command.Function = functions.Peek().Function.Name;
                    var first = command.Words.FirstOrDefault();
                    foreach (var (function, _) in functions)
                    {
                        if (first is not null && first.Text == function.Name)
                        {
                            function.CallsItself = true;
                        }
                    }
                }

                script.Commands.Add(command);
            }

            var next = new ShellCommand();
            if (piped)
            {
                next.Pipeline = command.Pipeline;
                next.PipelineIndex = command.PipelineIndex + 1;
            }
            else
            {
                next.Pipeline = ++pipeline;
            }

            command = next;
        }

        void MarkFork()
        {
            foreach (var (function, _) in functions)
            {
                function.Forks = true;
            }
        }

        while (true)
        {
            var token = Next(depth);
            switch (token.Kind)
            {
                case TokenKind.End:
                    Finish(piped: false);
                    if (untilParen && !_stopped)
                    {
                        _problems.Add("a '$(' or '(' is not closed");
                    }

                    return;

                case TokenKind.Operator when casePatterns:
                    if (token.Text == ")")
                    {
                        casePatterns = false;
                    }

                    break;

                case TokenKind.Word when casePatterns:
                    if (!token.Word!.Quoted && token.Word.Text == "esac")
                    {
                        casePatterns = false;
                        cases--;
                    }
                    else
                    {
                        script.OtherWords.Add(token.Word);
                    }

                    break;

                case TokenKind.Operator:
                    switch (token.Text)
                    {
                        case ")" when parens == 0 && untilParen:
                            Finish(piped: false);
                            return;
                        case ")":
                            parens = Math.Max(0, parens - 1);
                            Finish(piped: false);
                            break;
                        case "(" when command.Words.Count == 1 && command.Redirections.Count == 0 && PeekNonBlank() == ')':
                            // name() { body }: a function definition, not a command.
                            pendingFunction = command.Words[0].Text;
                            command.Words.Clear();
                            _i = _text.IndexOf(')', _i) + 1;
                            break;
                        case "(":
                            parens++;
                            Finish(piped: false);
                            break;
                        case "|" or "|&":
                            MarkFork();
                            Finish(piped: true);
                            break;
                        case "&":
                            MarkFork();
                            Finish(piped: false);
                            break;
                        case ";;" or ";&" or ";;&":
                            Finish(piped: false);
                            casePatterns = cases > 0;
                            break;
                        default:
                            Finish(piped: false);
                            break;
                    }

                    break;

                case TokenKind.Redirection:
                    var target = Next(depth);
                    if (target.Kind != TokenKind.Word)
                    {
                        _problems.Add($"the redirection '{token.Text}' has no target");
                        if (target.Kind == TokenKind.End)
                        {
                            Finish(piped: false);
                            return;
                        }

                        break;
                    }

                    var redirection = new ShellRedirection(token.Text, token.Fd, target.Word!);
                    if (token.Text is "<<" or "<<-")
                    {
                        _pendingHereDocuments.Add(redirection);
                    }

                    command.Redirections.Add(redirection);
                    break;

                case TokenKind.Word:
                    var word = token.Word!;
                    if (command.Words.Count == 0 && !word.Quoted)
                    {
                        if (word.Text == "{")
                        {
                            braces++;
                            if (pendingFunction is not null && functions.Count >= MaxDepth)
                            {
                                Stop($"the command nests function definitions more than {MaxDepth} levels deep");
                                continue;
                            }

                            if (pendingFunction is not null)
                            {
                                var function = new ShellFunction(pendingFunction);
                                script.Functions.Add(function);
                                functions.Push((function, braces));
                                pendingFunction = null;
                            }

                            continue;
                        }

                        if (word.Text == "}")
                        {
                            if (functions.Count > 0 && functions.Peek().Braces == braces)
                            {
                                Finish(piped: false);
                                functions.Pop();
                            }

                            braces = Math.Max(0, braces - 1);
                            continue;
                        }

                        if (word.Text == "esac")
                        {
                            cases = Math.Max(0, cases - 1);
                            continue;
                        }

                        if (word.Text == "function" && command.Assignments.Count == 0)
                        {
                            var name = Next(depth);
                            if (name.Kind == TokenKind.Word)
                            {
                                pendingFunction = name.Word!.Text;
                                if (PeekNonBlank() == '(')
                                {
                                    _i = _text.IndexOf(')', _i) + 1;
                                }
                            }

                            continue;
                        }

                        if (SkippedKeywords.Contains(word.Text) && command.Assignments.Count == 0)
                        {
                            continue;
                        }

                        if (word.Text is "for" or "select" && command.Assignments.Count == 0)
                        {
                            // for NAME [in WORDS]; do: only the words' substitutions run.
                            SkipHeader(script, depth, "do");
                            continue;
                        }

                        if (word.Text == "case" && command.Assignments.Count == 0)
                        {
                            SkipHeader(script, depth, "in");
                            cases++;
                            casePatterns = true;
                            continue;
                        }

                    }

                    // NAME=value before the program, quoted or not (X='' rm -rf . runs rm).
                    if (command.Words.Count == 0 && word.Assignment)
                    {
                        command.Assignments.Add(word);
                        continue;
                    }

                    command.Words.Add(word);
                    break;
            }
        }
    }

    /// <summary>Skips the words of a for/case header up to <paramref name="keyword"/>, keeping them for their substitutions.</summary>
    private void SkipHeader(ShellScript script, int depth, string keyword)
    {
        while (true)
        {
            var save = _i;
            var token = Next(depth);
            switch (token.Kind)
            {
                case TokenKind.End:
                    return;
                case TokenKind.Word when !token.Word!.Quoted && token.Word.Text == keyword:
                    return;
                case TokenKind.Word:
                    script.OtherWords.Add(token.Word!);
                    break;
                case TokenKind.Operator when token.Text is ";" or "\n":
                    break;
                case TokenKind.Operator:
                    _i = save;
                    return;
            }
        }
    }

    private char PeekNonBlank()
    {
        var j = _i;
        while (j < _text.Length && _text[j] is ' ' or '\t')
        {
            j++;
        }

        return j < _text.Length ? _text[j] : '\0';
    }

    private char At(int offset) => _i + offset < _text.Length ? _text[_i + offset] : '\0';

    private Token Next(int depth)
    {
        while (_i < _text.Length)
        {
            var c = _text[_i];
            if (c is ' ' or '\t' or '\r')
            {
                _i++;
            }
            else if (c == '\\' && At(1) == '\n')
            {
                _i += 2;
            }
            else if (c == '#')
            {
                var end = _text.IndexOf('\n', _i);
                _i = end < 0 ? _text.Length : end;
            }
            else
            {
                break;
            }
        }

        if (_i >= _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, null, null);
        }

        var ch = _text[_i];
        switch (ch)
        {
            case '\n':
                _i++;
                ReadHereDocuments(depth);
                return Operator("\n", 0);
            case ';':
                return At(1) == ';' ? (At(2) == '&' ? Operator(";;&", 3) : Operator(";;", 2)) : At(1) == '&' ? Operator(";&", 2) : Operator(";", 1);
            case '&':
                if (At(1) == '>')
                {
                    return At(2) == '>' ? Redirection("&>>", 3, null) : Redirection("&>", 2, null);
                }

                return At(1) == '&' ? Operator("&&", 2) : Operator("&", 1);
            case '|':
                return At(1) == '|' ? Operator("||", 2) : At(1) == '&' ? Operator("|&", 2) : Operator("|", 1);
            case '(':
                return Operator("(", 1);
            case ')':
                return Operator(")", 1);
            case '<' or '>' when At(1) == '(':
                return Word(depth);
            case '<' or '>':
                return ReadRedirection(null);
        }

        return Word(depth);
    }

    private Token Operator(string text, int length)
    {
        _i += length;
        return new Token(TokenKind.Operator, text, null, null);
    }

    private Token Redirection(string text, int length, int? fd)
    {
        _i += length;
        return new Token(TokenKind.Redirection, text, null, fd);
    }

    private Token ReadRedirection(int? fd)
    {
        var c = _text[_i];
        var n1 = At(1);
        var n2 = At(2);
        if (c == '>')
        {
            return n1 switch
            {
                '>' => Redirection(">>", 2, fd),
                '|' => Redirection(">|", 2, fd),
                '&' => Redirection(">&", 2, fd),
                _ => Redirection(">", 1, fd),
            };
        }

        return n1 switch
        {
            '<' when n2 == '<' => Redirection("<<<", 3, fd),
            '<' when n2 == '-' => Redirection("<<-", 3, fd),
            '<' => Redirection("<<", 2, fd),
            '>' => Redirection("<>", 2, fd),
            '&' => Redirection("<&", 2, fd),
            _ => Redirection("<", 1, fd),
        };
    }

    private Token Word(int depth)
    {
        var word = new ShellWord.Builder();
        while (_i < _text.Length)
        {
            var c = _text[_i];
            switch (c)
            {
                case ' ' or '\t' or '\r' or '\n' or ';' or '&' or '|' or '(' or ')':
                    return Done(word);
                case '<' or '>' when At(1) == '(':
                    var output = c == '>';
                    _i += 2;
                    Substitution(word, depth, output);
                    break;
                case '<' or '>':
                    if (word.OnlyDigits() && word.Length <= 9)
                    {
                        var fd = int.Parse(CurrentDigits(word), CultureInfo.InvariantCulture);
                        return ReadRedirection(fd);
                    }

                    return Done(word);
                case '\\':
                    if (At(1) == '\n')
                    {
                        _i += 2;
                        break;
                    }

                    word.MarkQuoted();
                    if (_i + 1 < _text.Length)
                    {
                        word.Append(_text[_i + 1]);
                    }

                    _i += 2;
                    break;
                case '\'':
                    word.MarkQuoted();
                    var close = _text.IndexOf('\'', _i + 1);
                    close = close < 0 ? _text.Length : close;
                    word.Append(_text.AsSpan(_i + 1, close - _i - 1));
                    _i = close + 1;
                    break;
                case '"':
                    word.MarkQuoted();
                    _i++;
                    DoubleQuoted(word, depth, hereDocument: false);
                    break;
                case '`':
                    Backquoted(word, depth);
                    break;
                case '$':
                    Dollar(word, depth, inDoubleQuotes: false);
                    break;
                case '~' when !word.Started && (At(1) is '/' or '\0' or ' ' or '\t' or '\n' or ';' or '&' or '|' or ')' or ':'):
                    word.Append(ShellWord.Home);
                    _i++;
                    break;
                case '~' when !word.Started:
                    // ~user: somebody's home folder.
                    word.Append(ShellWord.Unknown);
                    _i++;
                    while (_i < _text.Length && (char.IsAsciiLetterOrDigit(_text[_i]) || _text[_i] is '_' or '-' or '.'))
                    {
                        _i++;
                    }

                    break;
                case '*' or '?' or '[':
                    word.Glob = true;
                    word.Append(c);
                    _i++;
                    break;
                case '{':
                    word.Brace = true;
                    word.Append(c);
                    _i++;
                    break;
                default:
                    word.Append(c);
                    _i++;
                    break;
            }
        }

        return Done(word);
    }

    private static string CurrentDigits(ShellWord.Builder word) => word.Build().Text;

    private static Token Done(ShellWord.Builder word) => new(TokenKind.Word, string.Empty, word.Build(), null);

    private void DoubleQuoted(ShellWord.Builder word, int depth, bool hereDocument)
    {
        while (_i < _text.Length)
        {
            var c = _text[_i];
            if (c == '"' && !hereDocument)
            {
                _i++;
                return;
            }

            switch (c)
            {
                case '\\' when At(1) is '$' or '`' or '"' or '\\':
                    word.Append(At(1));
                    _i += 2;
                    break;
                case '\\' when At(1) == '\n':
                    _i += 2;
                    break;
                case '$':
                    Dollar(word, depth, inDoubleQuotes: true);
                    break;
                case '`':
                    Backquoted(word, depth);
                    break;
                default:
                    word.Append(c);
                    _i++;
                    break;
            }
        }
    }

    private void Dollar(ShellWord.Builder word, int depth, bool inDoubleQuotes)
    {
        var next = At(1);
        if (next == '\'' && !inDoubleQuotes)
        {
            word.MarkQuoted();
            _i += 2;
            AnsiC(word);
            return;
        }

        if (next == '"' && !inDoubleQuotes)
        {
            word.MarkQuoted();
            _i += 2;
            DoubleQuoted(word, depth, hereDocument: false);
            return;
        }

        if (next == '(' && At(2) == '(')
        {
            // $(( arithmetic )): a number nobody knows yet; a substitution inside it still runs.
            _i += 3;
            var start = _i;
            var level = 2;
            while (_i < _text.Length && level > 0)
            {
                level += _text[_i] == '(' ? 1 : _text[_i] == ')' ? -1 : 0;
                _i++;
            }

            var inner = _text[start..Math.Max(start, _i - 2)];
            if (inner.Contains("$(", StringComparison.Ordinal) || inner.Contains('`', StringComparison.Ordinal))
            {
                word.AddSubstitution(Parse(inner, depth + 1, _problems));
            }

            word.Append(ShellWord.Unknown);
            return;
        }

        if (next == '(')
        {
            _i += 2;
            Substitution(word, depth);
            return;
        }

        if (next == '{')
        {
            var start = _i + 2;
            var level = 1;
            _i = start;
            while (_i < _text.Length && level > 0)
            {
                var c = _text[_i];
                if (c == '\\')
                {
                    _i++;
                }
                else if (c == '{')
                {
                    level++;
                }
                else if (c == '}')
                {
                    level--;
                }

                _i++;
            }

            var inner = _text[start..Math.Max(start, _i - 1)];
            word.Append(inner switch
            {
                "PWD" => ShellWord.Pwd,
                "HOME" => ShellWord.Home,
                _ => ShellWord.Unknown,
            });
            if (inner.Contains("$(", StringComparison.Ordinal) || inner.Contains('`', StringComparison.Ordinal))
            {
                // ${x:-$(cmd)}: the command may run.
                word.AddSubstitution(Parse(inner, depth + 1, _problems));
            }

            return;
        }

        if (char.IsAsciiLetter(next) || next == '_')
        {
            var start = _i + 1;
            _i = start;
            while (_i < _text.Length && (char.IsAsciiLetterOrDigit(_text[_i]) || _text[_i] == '_'))
            {
                _i++;
            }

            word.Append(_text.AsSpan(start, _i - start) switch
            {
                "PWD" => ShellWord.Pwd,
                "HOME" => ShellWord.Home,
                _ => ShellWord.Unknown,
            });
            return;
        }

        if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?' or '-' or '$' or '!')
        {
            word.Append(ShellWord.Unknown);
            _i += 2;
            return;
        }

        word.Append('$');
        _i++;
    }

    private void Substitution(ShellWord.Builder word, int depth, bool output = false)
    {
        // >(cmd): cmd reads what the outer command writes.
        var script = new ShellScript { ReadsOuterOutput = output };
        ParseInto(script, depth + 1, untilParen: true);
        word.AddSubstitution(script);
        word.Append(ShellWord.Unknown);
    }

    private void Backquoted(ShellWord.Builder word, int depth)
    {
        var inner = new StringBuilder();
        _i++;
        while (_i < _text.Length && _text[_i] != '`')
        {
            if (_text[_i] == '\\' && At(1) is '`' or '\\' or '$')
            {
                _i++;
            }

            inner.Append(_text[_i]);
            _i++;
        }

        _i++;
        if (depth + 1 > MaxDepth)
        {
            Stop($"the command nests substitutions or shells more than {MaxDepth} levels deep");
            return;
        }

        word.AddSubstitution(Parse(inner.ToString(), depth + 1, _problems));
        word.Append(ShellWord.Unknown);
    }

    private void AnsiC(ShellWord.Builder word)
    {
        while (_i < _text.Length && _text[_i] != '\'')
        {
            var c = _text[_i];
            if (c != '\\' || _i + 1 >= _text.Length)
            {
                word.Append(c);
                _i++;
                continue;
            }

            var e = _text[_i + 1];
            _i += 2;
            switch (e)
            {
                case 'n': word.Append('\n'); break;
                case 't': word.Append('\t'); break;
                case 'r': word.Append('\r'); break;
                case 'a': word.Append('\a'); break;
                case 'b': word.Append('\b'); break;
                case 'f': word.Append('\f'); break;
                case 'v': word.Append('\v'); break;
                case 'e' or 'E': word.Append('\u001b'); break;
                case 'c' when _i < _text.Length:
                    word.Append((char)(_text[_i] & 0x1f));
                    _i++;
                    break;
                case 'x':
                    word.Append(Number(16, 2));
                    break;
                case 'u':
                    word.Append(Number(16, 4));
                    break;
                case 'U':
                    word.Append(Number(16, 8));
                    break;
                case >= '0' and <= '7':
                    _i--;
                    word.Append(Number(8, 3));
                    break;
                default:
                    word.Append(e);
                    break;
            }
        }

        _i++;
    }

    private string Number(int radix, int maxDigits)
    {
        var value = 0;
        var digits = 0;
        while (digits < maxDigits && _i < _text.Length)
        {
            var d = _text[_i];
            var v = d is >= '0' and <= '9' ? d - '0' : d is >= 'a' and <= 'f' ? d - 'a' + 10 : d is >= 'A' and <= 'F' ? d - 'A' + 10 : 99;
            if (v >= radix)
            {
                break;
            }

            value = (value * radix) + v;
            digits++;
            _i++;
        }

        return value is >= 0 and <= 0x10FFFF && (value < 0xD800 || value > 0xDFFF) ? char.ConvertFromUtf32(value) : string.Empty;
    }

    private void ReadHereDocuments(int depth)
    {
        foreach (var redirection in _pendingHereDocuments)
        {
            var delimiter = redirection.Target.Text;
            var body = new StringBuilder();
            while (_i < _text.Length)
            {
                var end = _text.IndexOf('\n', _i);
                var line = end < 0 ? _text[_i..] : _text[_i..end];
                _i = end < 0 ? _text.Length : end + 1;
                var compared = redirection.Operator == "<<-" ? line.TrimStart('\t') : line;
                if (compared == delimiter)
                {
                    break;
                }

                body.Append(line).Append('\n');
            }

            redirection.HereDocument = body.ToString();
            if (!redirection.LiteralHereDocument && (redirection.HereDocument.Contains("$(", StringComparison.Ordinal) || redirection.HereDocument.Contains('`', StringComparison.Ordinal)))
            {
                // An unquoted here-document expands its body: its substitutions run.
                var parser = new ShellParser(redirection.HereDocument, _problems);
                var word = new ShellWord.Builder();
                parser.DoubleQuoted(word, depth + 1, hereDocument: true);
                redirection.BodySubstitutions.AddRange(word.Build().Substitutions);
            }
        }

        _pendingHereDocuments.Clear();
    }
}
