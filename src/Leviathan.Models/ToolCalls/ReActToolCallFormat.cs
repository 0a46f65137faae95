namespace Leviathan.Models.ToolCalls;

/// <summary>
/// ReAct prose: a thought, then one action as <c>Action: name</c> and <c>Action Input: {…}</c> on the following lines
/// (SWE-agent, LangChain). The action must name an offered tool; the text before it is the thought.
/// </summary>
internal sealed class ReActToolCallFormat : ITextToolCallFormat
{
    private const string Action = "Action:";
    private const string Input = "Action Input:";

    public string Name => TextToolCallFormats.ReAct;

    public void Find(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var position = from;
        while (position < text.Length)
        {
            var action = text.IndexOf(Action, position, StringComparison.Ordinal);
            if (action < 0)
            {
                return;
            }

            position = action + Action.Length;
            if (!AtLineStart(text, action, from))
            {
                continue;
            }

            var lineEnd = text.IndexOf('\n', position);
            var name = text[position..(lineEnd < 0 ? text.Length : lineEnd)].Trim().Trim('`', '*', '"', '\'').Trim();
            if (name.Length == 0 || (knownTools is not null && !knownTools.Contains(name)))
            {
                continue;
            }

            var input = lineEnd < 0 ? -1 : text.IndexOf(Input, lineEnd, StringComparison.Ordinal);
            if (input < 0 || text.AsSpan(lineEnd, input - lineEnd).Trim().Length > 0)
            {
                calls.Add(new TextToolCall(name, "{}", null, action, lineEnd < 0 ? text.Length : lineEnd));
                return;
            }

            var body = JsonValueScanner.SkipSpace(text, input + Input.Length);
            var fenced = body + 3 <= text.Length && string.CompareOrdinal(text, body, "```", 0, 3) == 0;
            if (fenced)
            {
                var fenceLine = text.IndexOf('\n', body);
                body = fenceLine < 0 ? text.Length : JsonValueScanner.SkipSpace(text, fenceLine + 1);
            }

            if (body >= text.Length)
            {
                calls.Add(new TextToolCall(name, "{}", null, action, text.Length));
                return;
            }

            var end = text[body] == '{' ? JsonValueScanner.EndOf(text, body) : -1;
            if (end < 0)
            {
                calls.Add(new TextToolCall(name, text[body..].Trim(), "the Action Input is not a complete JSON object", action, text.Length));
                return;
            }

            var callEnd = end;
            if (fenced)
            {
                var closeFence = text.IndexOf("```", end, StringComparison.Ordinal);
                callEnd = closeFence < 0 ? end : closeFence + 3;
            }

            calls.Add(new TextToolCall(name, text[body..end], null, action, callEnd));
            return;
        }
    }

    private static bool AtLineStart(string text, int index, int from)
    {
        var i = index - 1;
        while (i >= from && text[i] is ' ' or '\t' or '*')
        {
            i--;
        }

        return i < from || text[i] == '\n';
    }
}
