using System.Text;

namespace Leviathan.Tools.Policy;

/// <summary>
/// A small, conservative reading of a shell line: it splits the line into simple commands at
/// <c>; &amp;&amp; || | &amp;</c>, newlines, subshells and substitutions, and each command into words with
/// quotes removed and redirections marked. Enough for the policy's checks; not a shell.
/// </summary>
internal static class ShellCommandLine
{
    public static List<List<ShellWord>> Split(string line)
    {
        var commands = new List<List<ShellWord>>();
        var words = new List<ShellWord>();
        var word = new StringBuilder();
        var inWord = false;

        void EndWord()
        {
            if (inWord)
            {
                words.Add(new ShellWord(word.ToString(), IsOperator: false));
                word.Clear();
                inWord = false;
            }
        }

        void EndCommand()
        {
            EndWord();
            if (words.Count > 0)
            {
                commands.Add(words);
                words = [];
            }
        }

        void Operator(string text)
        {
            // A file descriptor number right before > belongs to the operator (2>file).
            if (inWord && word.ToString().All(char.IsAsciiDigit))
            {
                word.Clear();
                inWord = false;
            }

            EndWord();
            words.Add(new ShellWord(text, IsOperator: true));
        }

        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var next = i + 1 < line.Length ? line[i + 1] : '\0';
            switch (c)
            {
                case '\\' when i + 1 < line.Length:
                    if (next != '\n')
                    {
                        word.Append(next);
                        inWord = true;
                    }

                    i++;
                    break;
                case '\'':
                    var close = line.IndexOf('\'', i + 1);
                    close = close < 0 ? line.Length : close;
                    word.Append(line.AsSpan(i + 1, close - i - 1));
                    inWord = true;
                    i = close;
                    break;
                case '"':
                    i++;
                    while (i < line.Length && line[i] != '"')
                    {
                        if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`')
                        {
                            i++;
                        }

                        word.Append(line[i]);
                        i++;
                    }

                    inWord = true;
                    break;
                case ' ' or '\t':
                    EndWord();
                    break;
                case ';' or '\n' or '(' or ')' or '`' or '{' or '}' when !inWord || c is not ('{' or '}'):
                    EndCommand();
                    break;
                case '|':
                    EndCommand();
                    if (next == '|')
                    {
                        i++;
                    }

                    break;
                case '&' when next == '>':
                    Operator(i + 2 < line.Length && line[i + 2] == '>' ? "&>>" : "&>");
                    i += i + 2 < line.Length && line[i + 2] == '>' ? 2 : 1;
                    break;
                case '&':
                    EndCommand();
                    if (next == '&')
                    {
                        i++;
                    }

                    break;
                case '>':
                    if (next == '>')
                    {
                        Operator(">>");
                        i++;
                    }
                    else if (next == '&')
                    {
                        Operator(">&");
                        i++;
                    }
                    else
                    {
                        Operator(">");
                        if (next == '|')
                        {
                            i++;
                        }
                    }

                    break;
                case '<' when next == '(':
                    EndCommand();
                    i++;
                    break;
                case '<':
                    Operator("<");
                    if (next == '<')
                    {
                        i++;
                    }

                    break;
                case '$' when next == '(':
                    EndCommand();
                    i++;
                    break;
                case '#' when !inWord:
                    var end = line.IndexOf('\n', i);
                    i = end < 0 ? line.Length : end - 1;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }

        EndCommand();
        return commands;
    }
}
