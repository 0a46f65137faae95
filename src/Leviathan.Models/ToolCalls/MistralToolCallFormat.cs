namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Mistral's <c>[TOOL_CALLS] [{"name": …, "arguments": {…}}, …]</c> (one array for all calls, or one object), and the
/// newer <c>[TOOL_CALLS]name[ARGS]{…}</c>, repeated per call.
/// </summary>
internal sealed class MistralToolCallFormat : ITextToolCallFormat
{
    private const string Marker = "[TOOL_CALLS]";
    private const string ArgsMarker = "[ARGS]";

    public string Name => TextToolCallFormats.Mistral;

    public void Find(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var position = from;
        while (position < text.Length)
        {
            var start = text.IndexOf(Marker, position, StringComparison.Ordinal);
            if (start < 0)
            {
                return;
            }

            var body = JsonValueScanner.SkipSpace(text, start + Marker.Length);
            if (body < text.Length && text[body] is '{' or '[')
            {
                var end = JsonValueScanner.EndOf(text, body);
                if (end < 0)
                {
                    calls.Add(TextToolCallObject.Broken(text[body..].Trim(), "the calls are not complete JSON (a bracket or a quote is missing)", start, text.Length));
                    return;
                }

                TextToolCallObject.ReadAll(text[body..end], start, end, calls);
                position = end;
                continue;
            }

            var args = text.IndexOf(ArgsMarker, body, StringComparison.Ordinal);
            var next = text.IndexOf(Marker, body, StringComparison.Ordinal);
            if (args < 0 || (next >= 0 && next < args))
            {
                var stop = next < 0 ? text.Length : next;
                calls.Add(TextToolCallObject.Broken(text[body..stop].Trim(), "after [TOOL_CALLS] write a JSON list of calls: [{\"name\": \"TOOL\", \"arguments\": {…}}]", start, stop));
                position = stop;
                continue;
            }

            var name = text[body..args].Trim();
            var objectStart = JsonValueScanner.SkipSpace(text, args + ArgsMarker.Length);
            var objectEnd = objectStart < text.Length && text[objectStart] == '{' ? JsonValueScanner.EndOf(text, objectStart) : -1;
            if (objectEnd < 0)
            {
                var stop = next < 0 ? text.Length : next;
                calls.Add(new TextToolCall(name, text[objectStart..stop].Trim(), "the arguments after [ARGS] are not a complete JSON object", start, stop));
                position = stop;
                continue;
            }

            calls.Add(new TextToolCall(name, text[objectStart..objectEnd], null, start, objectEnd));
            position = objectEnd;
        }
    }
}
