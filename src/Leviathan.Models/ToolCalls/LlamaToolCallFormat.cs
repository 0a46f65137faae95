namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Llama 3.x's <c>&lt;function=name&gt;{…}&lt;/function&gt;</c>, and Qwen3-Coder's variant with one
/// <c>&lt;parameter=key&gt;value&lt;/parameter&gt;</c> per argument (values are strings unless they are a JSON object or list).
/// A <c>&lt;tool_call&gt;</c> wrapper around it is part of the call.
/// </summary>
internal sealed class LlamaToolCallFormat : ITextToolCallFormat
{
    private const string Open = "<function=";
    private const string Close = "</function>";
    private const string ParameterOpen = "<parameter=";
    private const string ParameterClose = "</parameter>";
    private const string Wrapper = "<tool_call>";
    private const string WrapperClose = "</tool_call>";

    public string Name => TextToolCallFormats.Llama;

    public void Find(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls)
    {
        var position = from;
        while (position < text.Length)
        {
            var open = text.IndexOf(Open, position, StringComparison.Ordinal);
            if (open < 0)
            {
                return;
            }

            var start = WrapperStart(text, open, from);
            var nameEnd = text.IndexOf('>', open + Open.Length);
            if (nameEnd < 0)
            {
                calls.Add(TextToolCallObject.Broken(text[open..].Trim(), "the <function=NAME> tag is not closed with '>'", start, text.Length));
                return;
            }

            var name = text[(open + Open.Length)..nameEnd].Trim().Trim('"', '\'');
            var close = text.IndexOf(Close, nameEnd, StringComparison.Ordinal);
            var bodyEnd = close < 0 ? NextOpenOrEnd(text, nameEnd) : close;
            var end = close < 0 ? bodyEnd : AfterWrapper(text, close + Close.Length);
            var body = JsonValueScanner.SkipSpace(text, nameEnd + 1);
            if (body < text.Length && text[body] == '{')
            {
                var objectEnd = JsonValueScanner.EndOf(text, body);
                if (objectEnd > 0 && (close < 0 || objectEnd <= close))
                {
                    end = close < 0 ? AfterWrapper(text, objectEnd) : end;
                    calls.Add(new TextToolCall(name, text[body..objectEnd], null, start, end));
                }
                else
                {
                    calls.Add(new TextToolCall(name, text[body..bodyEnd].Trim(), "the arguments are not a complete JSON object (a brace or a quote is missing)", start, end));
                }
            }
            else if (string.CompareOrdinal(text, body, ParameterOpen, 0, ParameterOpen.Length) == 0)
            {
                calls.Add(Parameters(text, name, body, bodyEnd, start, end));
            }
            else if (text[body..bodyEnd].Trim().Length == 0)
            {
                calls.Add(new TextToolCall(name, "{}", null, start, end));
            }
            else
            {
                calls.Add(new TextToolCall(name, text[body..bodyEnd].Trim(), "the arguments must be a JSON object after <function=NAME>", start, end));
            }

            position = Math.Max(end, nameEnd + 1);
        }
    }

    private static TextToolCall Parameters(string text, string name, int body, int bodyEnd, int start, int end)
    {
        var arguments = new System.Text.Json.Nodes.JsonObject();
        var position = body;
        while (true)
        {
            var open = text.IndexOf(ParameterOpen, position, StringComparison.Ordinal);
            if (open < 0 || open >= bodyEnd)
            {
                break;
            }

            var keyEnd = text.IndexOf('>', open);
            var close = keyEnd < 0 ? -1 : text.IndexOf(ParameterClose, keyEnd, StringComparison.Ordinal);
            if (keyEnd < 0 || close < 0 || close > bodyEnd)
            {
                return new TextToolCall(name, text[body..bodyEnd].Trim(), "a <parameter=NAME> is not closed with </parameter>", start, end);
            }

            var key = text[(open + ParameterOpen.Length)..keyEnd].Trim().Trim('"', '\'');
            var value = TrimOneNewline(text[(keyEnd + 1)..close]);
            arguments[key] = ValueOf(value);
            position = close + ParameterClose.Length;
        }

        return new TextToolCall(name, arguments.ToJsonString(), null, start, end);
    }

    private static System.Text.Json.Nodes.JsonNode? ValueOf(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.Length > 1 && trimmed[0] is '{' or '[' && JsonValueScanner.EndOf(trimmed, 0) == trimmed.Length)
        {
            try
            {
                return System.Text.Json.Nodes.JsonNode.Parse(trimmed);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: keep the text.
            }
        }

        return System.Text.Json.Nodes.JsonValue.Create(value);
    }

    private static string TrimOneNewline(string value)
    {
        if (value.StartsWith('\n'))
        {
            value = value[1..];
        }

        return value.EndsWith('\n') ? value[..^1] : value;
    }

    private static int NextOpenOrEnd(string text, int index)
    {
        var next = text.IndexOf(Open, index, StringComparison.Ordinal);
        return next < 0 ? text.Length : next;
    }

    private static int WrapperStart(string text, int open, int from)
    {
        var i = open - 1;
        while (i >= from && char.IsWhiteSpace(text[i]))
        {
            i--;
        }

        var candidate = i - Wrapper.Length + 1;
        return candidate >= from && string.CompareOrdinal(text, candidate, Wrapper, 0, Wrapper.Length) == 0 ? candidate : open;
    }

    private static int AfterWrapper(string text, int index)
    {
        var next = JsonValueScanner.SkipSpace(text, index);
        return string.CompareOrdinal(text, next, WrapperClose, 0, WrapperClose.Length) == 0 ? next + WrapperClose.Length : index;
    }
}
