namespace Leviathan.Tools.Snapshots.InProcess;

/// <summary>
/// git's <c>wildmatch</c> (the matcher behind <c>.gitignore</c>), on the bytes of UTF-8 paths, case-sensitive as git is on
/// Linux. With <c>pathname</c>, <c>*</c> and <c>?</c> never match a slash and <c>**</c> between slashes matches whole
/// directories; without, <c>*</c> matches anything.
/// </summary>
internal static class WildMatch
{
    private const int Match = 0;
    private const int NoMatch = 1;
    private const int AbortAll = -1;
    private const int AbortToStarStar = -2;

    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool pathname) =>
        DoWild(pattern, 0, text, 0, pathname) == Match;

    private static bool IsGlobSpecial(byte c) => c is (byte)'*' or (byte)'?' or (byte)'[' or (byte)'\\';

    private static byte At(ReadOnlySpan<byte> s, int i) => i < s.Length ? s[i] : (byte)0;

    private static int DoWild(ReadOnlySpan<byte> pattern, int p, ReadOnlySpan<byte> text, int t, bool pathname)
    {
        for (; At(pattern, p) != 0; t++, p++)
        {
            var pCh = pattern[p];
            var tCh = At(text, t);
            if (tCh == 0 && pCh != '*')
            {
                return AbortAll;
            }

            switch (pCh)
            {
                case (byte)'\\':
                    // A literal match with the next character; a trailing backslash matches nothing.
                    pCh = At(pattern, ++p);
                    if (tCh != pCh)
                    {
                        return NoMatch;
                    }

                    continue;
                case (byte)'?':
                    if (pathname && tCh == '/')
                    {
                        return NoMatch;
                    }

                    continue;
                case (byte)'*':
                    {
                        bool matchSlash;
                        if (At(pattern, ++p) == '*')
                        {
                            var prevP = p - 2;
                            while (At(pattern, ++p) == '*')
                            {
                            }

                            if ((prevP < 0 || pattern[prevP] == '/')
                                && (At(pattern, p) == 0 || At(pattern, p) == '/' || (At(pattern, p) == '\\' && At(pattern, p + 1) == '/')))
                            {
                                // "**/" at a directory boundary may match no directory at all.
                                if (At(pattern, p) == '/' && DoWild(pattern, p + 1, text, t, pathname) == Match)
                                {
                                    return Match;
                                }

                                matchSlash = true;
                            }
                            else
                            {
                                matchSlash = !pathname;
                            }
                        }
                        else
                        {
                            matchSlash = !pathname;
                        }

                        if (At(pattern, p) == 0)
                        {
                            // A trailing "**" matches everything; a trailing "*" only what has no more slashes.
                            return !matchSlash && text[t..].Contains((byte)'/') ? NoMatch : Match;
                        }

                        if (!matchSlash && At(pattern, p) == '/')
                        {
                            // One asterisk and a slash: the rest of this directory name.
                            var slash = text[t..].IndexOf((byte)'/');
                            if (slash < 0)
                            {
                                return NoMatch;
                            }

                            t += slash;
                            break;
                        }

                        while (true)
                        {
                            if (tCh == 0)
                            {
                                break;
                            }

                            if (!IsGlobSpecial(At(pattern, p)))
                            {
                                // The text before the literal that follows the asterisk belongs to the asterisk.
                                pCh = At(pattern, p);
                                while ((tCh = At(text, t)) != 0 && (matchSlash || tCh != '/'))
                                {
                                    if (tCh == pCh)
                                    {
                                        break;
                                    }

                                    t++;
                                }

                                if (tCh != pCh)
                                {
                                    return matchSlash ? AbortAll : AbortToStarStar;
                                }
                            }

                            var matched = DoWild(pattern, p, text, t, pathname);
                            if (matched != NoMatch)
                            {
                                if (!matchSlash || matched != AbortToStarStar)
                                {
                                    return matched;
                                }
                            }
                            else if (!matchSlash && tCh == '/')
                            {
                                return AbortToStarStar;
                            }

                            tCh = At(text, ++t);
                        }

                        return AbortAll;
                    }

                case (byte)'[':
                    {
                        pCh = At(pattern, ++p);
                        if (pCh == '^')
                        {
                            pCh = (byte)'!';
                        }

                        var negated = pCh == '!';
                        if (negated)
                        {
                            pCh = At(pattern, ++p);
                        }

                        byte prevCh = 0;
                        var matchedClass = false;
                        do
                        {
                            if (pCh == 0)
                            {
                                return AbortAll;
                            }

                            if (pCh == '\\')
                            {
                                pCh = At(pattern, ++p);
                                if (pCh == 0)
                                {
                                    return AbortAll;
                                }

                                if (tCh == pCh)
                                {
                                    matchedClass = true;
                                }
                            }
                            else if (pCh == '-' && prevCh != 0 && At(pattern, p + 1) != 0 && At(pattern, p + 1) != ']')
                            {
                                pCh = At(pattern, ++p);
                                if (pCh == '\\')
                                {
                                    pCh = At(pattern, ++p);
                                    if (pCh == 0)
                                    {
                                        return AbortAll;
                                    }
                                }

                                if (tCh <= pCh && tCh >= prevCh)
                                {
                                    matchedClass = true;
                                }

                                pCh = 0;
                            }
                            else if (pCh == '[' && At(pattern, p + 1) == ':')
                            {
                                var start = p + 2;
                                var end = start;
                                while (At(pattern, end) != 0 && At(pattern, end) != ']')
                                {
                                    end++;
                                }

                                if (At(pattern, end) == 0)
                                {
                                    return AbortAll;
                                }

                                var length = end - start - 1;
                                if (length < 0 || At(pattern, end - 1) != ':')
                                {
                                    // Not a class after all: a literal '['.
                                    p = start - 2;
                                    pCh = (byte)'[';
                                    if (tCh == pCh)
                                    {
                                        matchedClass = true;
                                    }
                                }
                                else
                                {
                                    var name = System.Text.Encoding.ASCII.GetString(pattern.Slice(start, length));
                                    if (InClass(name, tCh) is not { } inClass)
                                    {
                                        return AbortAll;
                                    }

                                    matchedClass |= inClass;
                                    p = end;
                                    pCh = 0;
                                }
                            }
                            else if (tCh == pCh)
                            {
                                matchedClass = true;
                            }

                            prevCh = pCh;
                            pCh = At(pattern, ++p);
                        }
                        while (pCh != ']');

                        if (matchedClass == negated || (pathname && tCh == '/'))
                        {
                            return NoMatch;
                        }

                        continue;
                    }

                default:
                    if (tCh != pCh)
                    {
                        return NoMatch;
                    }

                    continue;
            }
        }

        return t < text.Length ? NoMatch : Match;
    }

    /// <summary>Whether <paramref name="c"/> is in the POSIX class; null for a class git does not know (the pattern then matches nothing).</summary>
    private static bool? InClass(string name, byte c) => name switch
    {
        "alnum" => char.IsAsciiLetterOrDigit((char)c),
        "alpha" => char.IsAsciiLetter((char)c),
        "blank" => c is (byte)' ' or (byte)'\t',
        "cntrl" => c < 0x20 || c == 0x7f,
        "digit" => char.IsAsciiDigit((char)c),
        "graph" => c > 0x20 && c < 0x7f,
        "lower" => char.IsAsciiLetterLower((char)c),
        "print" => c >= 0x20 && c < 0x7f,
        "punct" => c > 0x20 && c < 0x7f && !char.IsAsciiLetterOrDigit((char)c),
        "space" => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r',
        "upper" => char.IsAsciiLetterUpper((char)c),
        "xdigit" => char.IsAsciiHexDigit((char)c),
        _ => null,
    };
}
