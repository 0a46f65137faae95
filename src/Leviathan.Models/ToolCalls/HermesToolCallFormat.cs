namespace Leviathan.Models.ToolCalls;

/// <summary>
/// <c>&lt;tool_call&gt;{"name": …, "arguments": {…}}&lt;/tool_call&gt;</c>, as Hermes and Qwen models write them, one block per
/// call (an array of calls in one block is accepted too). The closing tag may be missing at the end of the reply (a stop
/// sequence often eats it). A bare name before the object (<c>&lt;tool_call&gt;read_file {…}</c>) is accepted as well.
/// </summary>
internal sealed class HermesToolCallFormat : ITextToolCallFormat
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";

    public string Name => TextToolCallFormats.Hermes;

    public void Find(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var position = from;
        while (position < text.Length)
        {
            var start = text.IndexOf(Open, position, StringComparison.Ordinal);
            if (start < 0)
            {
                return;
            }

            var body = JsonValueScanner.SkipSpace(text, start + Open.Length);
            if (string.CompareOrdinal(text, body, "<function=", 0, 10) == 0)
            {
                // Qwen3-Coder's XML calls inside the wrapper: the Llama format reads those.
                position = body;
                continue;
            }

            position = ReadBlock(text, start, body, calls);
        }
    }

    /// <summary>Reads the block at <paramref name="start"/>; returns where it ends.</summary>
    private static int ReadBlock(string text, int start, int body, List<TextToolCall> calls)
    {
        var objectStart = body;
        string? bareName = null;
        if (body < text.Length && text[body] != '{' && text[body] != '[')
        {
            var nameEnd = body;
            while (nameEnd < text.Length && (char.IsLetterOrDigit(text[nameEnd]) || text[nameEnd] is '_' or '-' or '.'))
            {
                nameEnd++;
            }

            var next = JsonValueScanner.SkipSpace(text, nameEnd);
            if (nameEnd > body && next < text.Length && text[next] == '{')
            {
                bareName = text[body..nameEnd];
                objectStart = next;
            }
        }

        if (objectStart < text.Length && text[objectStart] is '{' or '[')
        {
            var objectEnd = JsonValueScanner.EndOf(text, objectStart);
            if (objectEnd > 0)
            {
                var end = AfterClose(text, objectEnd);
                var json = text[objectStart..objectEnd];
                if (bareName is null)
                {
                    TextToolCallObject.ReadAll(json, start, end, calls);
                }
                else
                {
                    calls.Add(new TextToolCall(bareName, json, null, start, end));
                }

                return end;
            }
        }

        var close = text.IndexOf(Close, body, StringComparison.Ordinal);
        var blockEnd = close < 0 ? text.Length : close + Close.Length;
        var raw = text[body..(close < 0 ? text.Length : close)].Trim();
        calls.Add(TextToolCallObject.Broken(
            raw,
            raw.Length == 0 ? "the <tool_call> block is empty" : "the call is not a complete JSON object (a brace or a quote is missing)",
            start,
            blockEnd));
        return blockEnd;
    }

    private static int AfterClose(string text, int index)
    {
        var next = JsonValueScanner.SkipSpace(text, index);
        return string.CompareOrdinal(text, next, Close, 0, Close.Length) == 0 ? next + Close.Length : index;
    }
}
