using System.Text.Json;

namespace Leviathan.Models.ToolCalls;

/// <summary>
/// A call as a JSON object (<c>{"name": …, "arguments": {…}}</c> or a variant <see cref="TextToolCallObject"/> reads), in a
/// fenced code block (<c>```json</c>, <c>```tool_call</c> or a bare <c>```</c>) or, failing that, starting a line of the
/// reply. Ordinary JSON in an answer is common, so only objects that name an offered tool count.
/// </summary>
internal sealed class JsonToolCallFormat : ITextToolCallFormat
{
    private const string Fence = "```";
    private const int MaxBareCandidates = 16;
    private static readonly string[] Languages = ["", "json", "jsonc", "json5", "tool_call", "tool_code", "tool", "function_call"];

    public string Name => TextToolCallFormats.Json;

    public void Find(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var found = calls.Count;
        FindFenced(text, from, knownTools, calls);
        if (calls.Count == found)
        {
            FindBare(text, from, knownTools, calls);
        }
    }

    private static void FindFenced(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var position = from;
        while (position < text.Length)
        {
            var open = text.IndexOf(Fence, position, StringComparison.Ordinal);
            if (open < 0)
            {
                return;
            }

            var lineEnd = text.IndexOf('\n', open);
            if (lineEnd < 0)
            {
                return;
            }

            var close = text.IndexOf(Fence, lineEnd, StringComparison.Ordinal);
            var end = close < 0 ? text.Length : close + Fence.Length;
            var language = text[(open + Fence.Length)..lineEnd].Trim().ToLowerInvariant();
            var body = text[lineEnd..(close < 0 ? text.Length : close)].Trim();
            position = end;
            if (!Languages.Contains(language) || body.Length == 0 || body[0] is not ('{' or '['))
            {
                continue;
            }

            Read(body, open, end, knownTools, calls, brokenToo: true);
        }
    }

    private static void FindBare(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var candidates = 0;
        var lineStart = from;
        while (lineStart < text.Length && candidates < MaxBareCandidates)
        {
            var first = lineStart;
            while (first < text.Length && text[first] is ' ' or '\t')
            {
                first++;
            }

            if (first < text.Length && text[first] == '{')
            {
                candidates++;
                var end = JsonValueScanner.EndOf(text, first);
                if (end > 0 && Read(text[first..end], first, end, knownTools, calls, brokenToo: false))
                {
                    return;
                }
            }

            var newline = text.IndexOf('\n', first);
            if (newline < 0)
            {
                return;
            }

            lineStart = newline + 1;
        }
    }

    /// <summary>Adds the calls in <paramref name="json"/>; true when it held at least one.</summary>
    private static bool Read(string json, int start, int end, IReadOnlySet<string>? knownTools, List<TextToolCall> calls, bool brokenToo)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                if (root.GetArrayLength() == 0 || !root.EnumerateArray().All(e => TextToolCallObject.LooksLikeCall(e, knownTools)))
                {
                    return false;
                }

                foreach (var item in root.EnumerateArray())
                {
                    calls.Add(TextToolCallObject.FromElement(item, item.GetRawText(), start, end));
                }

                return true;
            }

            if (!TextToolCallObject.LooksLikeCall(root, knownTools))
            {
                return false;
            }

            calls.Add(TextToolCallObject.FromElement(root, json, start, end));
            return true;
        }
        catch (JsonException ex)
        {
            var broken = TextToolCallObject.Broken(json, $"the call is not valid JSON: {ex.Message}", start, end);
            if (!brokenToo || broken.Name is null || (knownTools is not null && !knownTools.Contains(broken.Name)))
            {
                return false;
            }

            calls.Add(broken);
            return true;
        }
    }
}
