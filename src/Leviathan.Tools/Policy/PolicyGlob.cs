using System.IO.Enumeration;
using System.Text;
using System.Text.RegularExpressions;

namespace Leviathan.Tools.Policy;

/// <summary>
/// Expands a file name pattern (<c>/e*/sha?ow</c>, <c>~/.s[s]h/*</c>) against the host's files, as the shell will
/// against the same (read-only) system folders in the sandbox, so that path rules see what a pattern names.
/// Bounded: at most <see cref="MaxMatches"/> names and <see cref="MaxEntries"/> folder entries read.
/// </summary>
internal static class PolicyGlob
{
    public const int MaxMatches = 256;
    public const int MaxEntries = 20_000;

    public static IReadOnlyList<string> Expand(string pattern, string cwd)
    {
        var absolute = Path.IsPathRooted(pattern);
        var segments = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var current = new List<string> { absolute ? "/" : cwd };
        var entries = 0;
        foreach (var segment in segments)
        {
            var next = new List<string>();
            var isPattern = segment.AsSpan().IndexOfAny('*', '?', '[') >= 0;
            var regex = isPattern && segment.Contains('[', StringComparison.Ordinal) ? ToRegex(segment) : null;
            foreach (var directory in current)
            {
                if (!isPattern)
                {
                    next.Add(Path.Join(directory, segment));
                    continue;
                }

                try
                {
                    foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
                    {
                        if (++entries > MaxEntries || next.Count >= MaxMatches)
                        {
                            break;
                        }

                        var name = Path.GetFileName(entry);
                        if (name.StartsWith('.') && !segment.StartsWith('.'))
                        {
                            continue;
                        }

                        if (regex is not null ? regex.IsMatch(name) : FileSystemName.MatchesSimpleExpression(segment, name, ignoreCase: false))
                        {
                            next.Add(entry);
                        }
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // A folder that cannot be read matches nothing, for the shell too.
                }
            }

            current = next;
            if (current.Count == 0)
            {
                break;
            }
        }

        return current;
    }

    private static Regex ToRegex(string segment)
    {
        var pattern = new StringBuilder("^");
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            switch (c)
            {
                case '*':
                    pattern.Append(".*");
                    break;
                case '?':
                    pattern.Append('.');
                    break;
                case '[':
                    var close = segment.IndexOf(']', i + 2);
                    if (close < 0)
                    {
                        pattern.Append(@"\[");
                        break;
                    }

                    var set = segment[(i + 1)..close];
                    pattern.Append('[').Append(set[0] is '!' or '^' ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                    i = close;
                    break;
                default:
                    pattern.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }

        return new Regex(pattern.Append('$').ToString(), RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, TimeSpan.FromSeconds(1));
    }
}
