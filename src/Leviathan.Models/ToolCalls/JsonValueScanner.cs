namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Finds where a JSON object or array written inside free text ends, without parsing it: brackets are counted outside
/// strings only, so braces and closing tags inside string values (<c>"&lt;/tool_call&gt;"</c>, <c>"}"</c>) do not end it.
/// </summary>
internal static class JsonValueScanner
{
    /// <summary>The index just after the value that starts at <paramref name="start"/> (a <c>{</c> or <c>[</c>); -1 when it never closes.</summary>
    public static int EndOf(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    if (depth == 0)
                    {
                        return i + 1;
                    }

                    if (depth < 0)
                    {
                        return -1;
                    }

                    break;
            }
        }

        return -1;
    }

    /// <summary>The index of the first character at or after <paramref name="index"/> that is not white space.</summary>
    public static int SkipSpace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }
}
