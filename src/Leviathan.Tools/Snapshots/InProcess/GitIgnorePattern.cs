using System.Text;

namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>One line of a <c>.gitignore</c> (or <c>info/exclude</c>), parsed and matched as git's <c>dir.c</c> does.</summary>
internal sealed class GitIgnorePattern
{
    private readonly byte[] _pattern;
    private readonly int _literalPrefix;

    private GitIgnorePattern(byte[] pattern, byte[] baseDirectory, bool negative, bool mustBeDirectory, bool basenameOnly)
    {
        _pattern = pattern;
        BaseDirectory = baseDirectory;
        Negative = negative;
        MustBeDirectory = mustBeDirectory;
        BasenameOnly = basenameOnly;
        _literalPrefix = Math.Min(LiteralLength(pattern), pattern.Length);
    }

    /// <summary>The directory of the file the pattern came from, relative to the work tree, with a trailing slash (empty at the top).</summary>
    public byte[] BaseDirectory { get; }

    /// <summary>A <c>!</c> pattern: a match re-includes.</summary>
    public bool Negative { get; }

    /// <summary>A trailing slash: matches directories only.</summary>
    public bool MustBeDirectory { get; }

    /// <summary>No slash in the pattern: matched against the last path component only.</summary>
    public bool BasenameOnly { get; }

    /// <summary>The patterns of one ignore file's content, in file order.</summary>
    /// <param name="content">The file's bytes.</param>
    /// <param name="baseDirectory">The file's directory relative to the work tree, with a trailing slash, or empty.</param>
    public static List<GitIgnorePattern> Parse(ReadOnlySpan<byte> content, byte[] baseDirectory)
    {
        var patterns = new List<GitIgnorePattern>();
        if (content.StartsWith("\uFEFF"u8))
        {
            content = content[3..];
        }

        while (!content.IsEmpty)
        {
            var end = content.IndexOf((byte)'\n');
            var line = end < 0 ? content : content[..end];
            content = end < 0 ? [] : content[(end + 1)..];
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (line[^1] == '\r')
            {
                line = line[..^1];
            }

            line = TrimTrailingSpaces(line);
            if (line.IsEmpty)
            {
                continue;
            }

            var negative = line[0] == '!';
            if (negative)
            {
                line = line[1..];
            }

            var mustBeDirectory = !line.IsEmpty && line[^1] == '/';
            if (mustBeDirectory)
            {
                line = line[..^1];
            }

            if (line.IsEmpty)
            {
                continue;
            }

            patterns.Add(new GitIgnorePattern(line.ToArray(), baseDirectory, negative, mustBeDirectory, !line.Contains((byte)'/')));
        }

        return patterns;
    }

    /// <summary>Whether the pattern matches the path (relative to the work tree, no trailing slash).</summary>
    public bool Matches(ReadOnlySpan<byte> path, bool isDirectory)
    {
        if (MustBeDirectory && !isDirectory)
        {
            return false;
        }

        if (BasenameOnly)
        {
            var slash = path.LastIndexOf((byte)'/');
            var basename = slash < 0 ? path : path[(slash + 1)..];
            return _literalPrefix == _pattern.Length
                ? basename.SequenceEqual(_pattern)
                : WildMatch.IsMatch(_pattern, basename, pathname: false);
        }

        return MatchesPathname(path);
    }

    private bool MatchesPathname(ReadOnlySpan<byte> path)
    {
        ReadOnlySpan<byte> pattern = _pattern;
        var prefix = _literalPrefix;
        if (pattern[0] == '/')
        {
            pattern = pattern[1..];
            prefix--;
        }

        // The base without its trailing slash must lead the path, followed by a slash.
        var baseLength = BaseDirectory.Length == 0 ? 0 : BaseDirectory.Length - 1;
        if (path.Length < baseLength + 1 || (baseLength > 0 && path[baseLength] != '/') || !path[..baseLength].SequenceEqual(BaseDirectory.AsSpan(0, baseLength)))
        {
            return false;
        }

        var name = baseLength > 0 ? path[(baseLength + 1)..] : path;
        if (prefix > 0)
        {
            if (prefix > name.Length || !name[..prefix].SequenceEqual(pattern[..prefix]))
            {
                return false;
            }

            pattern = pattern[prefix..];
            name = name[prefix..];
            if (pattern.IsEmpty && name.IsEmpty)
            {
                return true;
            }
        }

        return WildMatch.IsMatch(pattern, name, pathname: true);
    }

    private static int LiteralLength(ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] is (byte)'*' or (byte)'?' or (byte)'[' or (byte)'\\')
            {
                return i;
            }
        }

        return pattern.Length;
    }

    /// <summary>Trailing spaces go, unless a backslash escapes the last one.</summary>
    private static ReadOnlySpan<byte> TrimTrailingSpaces(ReadOnlySpan<byte> line)
    {
        var lastSpace = -1;
        for (var i = 0; i < line.Length; i++)
        {
            switch (line[i])
            {
                case (byte)' ':
                    if (lastSpace < 0)
                    {
                        lastSpace = i;
                    }

                    break;
                case (byte)'\\':
                    i++;
                    if (i >= line.Length)
                    {
                        return line;
                    }

                    lastSpace = -1;
                    break;
                default:
                    lastSpace = -1;
                    break;
            }
        }

        return lastSpace < 0 ? line : line[..lastSpace];
    }

    public override string ToString() => (Negative ? "!" : string.Empty) + Encoding.UTF8.GetString(_pattern) + (MustBeDirectory ? "/" : string.Empty);
}
