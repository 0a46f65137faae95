using System.Text;
using System.Text.RegularExpressions;

namespace Leviathan.Tools.Standard;

/// <summary>
/// A shell-style glob: <c>*</c> and <c>?</c> within one path segment, <c>**</c> across segments,
/// <c>[abc]</c> and <c>{cs,fs}</c>. A glob without <c>/</c> matches file names at any depth.
/// </summary>
internal sealed class GlobPattern
{
    private readonly Regex _regex;
    private readonly bool _nameOnly;

    private GlobPattern(Regex regex, bool nameOnly)
    {
        _regex = regex;
        _nameOnly = nameOnly;
    }

    /// <exception cref="ArgumentException">The glob is malformed (an unclosed bracket or brace).</exception>
    public static GlobPattern Parse(string glob)
    {
        var pattern = new StringBuilder("^");
        var braces = 0;
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            switch (c)
            {
                case '*' when i + 1 < glob.Length && glob[i + 1] == '*':
                    var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                    pattern.Append(slashAfter ? "(?:.*/)?" : ".*");
                    i += slashAfter ? 2 : 1;
                    break;
                case '*':
                    pattern.Append("[^/]*");
                    break;
                case '?':
                    pattern.Append("[^/]");
                    break;
                case '[':
                    var close = glob.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        throw new ArgumentException($"the glob '{glob}' has a '[' without a closing ']'");
                    }

                    var set = glob[(i + 1)..close];
                    pattern.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                case '{':
                    braces++;
                    pattern.Append("(?:");
                    break;
                case '}' when braces > 0:
                    braces--;
                    pattern.Append(')');
                    break;
                case ',' when braces > 0:
                    pattern.Append('|');
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        if (braces > 0)
        {
            throw new ArgumentException($"the glob '{glob}' has a '{{' without a closing '}}'");
        }

        pattern.Append('$');
        return new GlobPattern(new Regex(pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), !glob.Contains('/', StringComparison.Ordinal));
    }

    /// <param name="relativePath">A workspace-relative path with forward slashes.</param>
    public bool IsMatch(string relativePath) =>
        _regex.IsMatch(_nameOnly ? relativePath[(relativePath.LastIndexOf('/') + 1)..] : relativePath);
}
