using System.Text;
using System.Text.Json;
using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Rendering;

/// <summary>One-line descriptions of trace events for terminals (payload fields per docs/trace-format.md).</summary>
internal static class EventSummary
{
    public static string Describe(TraceEvent evt, int width = 120)
    {
        string text;
        try
        {
            text = Describe(evt.Kind, new PayloadFields(evt.PayloadJson, width));
        }
        catch (JsonException)
        {
            text = evt.PayloadJson;
        }

        return Shorten(text, width);
    }

    /// <summary>True for events a reader should notice first: errors and failed tool results.</summary>
    public static bool IsError(TraceEvent evt)
    {
        if (evt.Kind == EventKind.Error)
        {
            return true;
        }

        if (evt.Kind != EventKind.ToolResult)
        {
            return false;
        }

        // Cheap test before a parse: most results are not errors.
        return evt.PayloadJson.Contains("\"is_error\":true", StringComparison.Ordinal)
            || evt.PayloadJson.Contains("\"is_error\": true", StringComparison.Ordinal);
    }

    private static string Describe(EventKind kind, PayloadFields payload)
    {
        string? Field(string name) => payload.Get(name);

        return kind switch
        {
            EventKind.Message => $"{Field("role") ?? "message"}: {Field("content") ?? string.Empty}",
            EventKind.Thought => Field("text") ?? Field("content") ?? payload.Raw,
            EventKind.ToolCall => $"{Field("name")}({(Field("arguments") is { } arguments ? Unescaped(arguments) : Field("arguments_raw") ?? string.Empty)})",
            EventKind.ToolResult => $"{(Field("is_error") == "true" ? "error" : "ok")}{(Field("exit_code") is { } code ? $" exit {code}" : string.Empty)}: {Field("text") ?? string.Empty}",
            EventKind.Verdict => $"{(Field("accept") == "true" ? "accept" : "revise")}: {Field("reasons") ?? string.Empty}",
            EventKind.PlanUpdate => $"plan: {Field("items") ?? payload.Raw}",
            EventKind.Error => Field("message") ?? payload.Raw,
            EventKind.Status => $"{Field("status")}{(Field("reason") is { } reason ? $": {reason}" : string.Empty)}",
            EventKind.Artifact => $"{Field("path") ?? Field("sha256")} ({Field("media_type")}, {Field("size")} bytes)",
            EventKind.Metric => $"{Field("name")} = {Field("value")} {Field("unit")}".TrimEnd(),
            _ => payload.Raw,
        };
    }

    /// <summary>
    /// A call's arguments as <c>name: value, …</c> with strings unescaped (a line break shows as a space on the one-line
    /// headline; <c>runs show</c> prints multi-line values whole under it). The JSON may be cut short: reading stops there.
    /// </summary>
    private static string Unescaped(string json)
    {
        var text = new StringBuilder(json.Length);
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), isFinalBlock: false, state: default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return json;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (text.Length > 0)
                {
                    text.Append(", ");
                }

                text.Append(reader.GetString()).Append(": ");
                if (!reader.Read())
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    text.Append(reader.GetString());
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    var start = (int)reader.TokenStartIndex;
                    if (!reader.TrySkip())
                    {
                        text.Append(json.AsSpan(Math.Min(start, json.Length)));
                        break;
                    }

                    text.Append(Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(json).AsSpan(start, (int)reader.BytesConsumed - start)));
                }
                else
                {
                    text.Append(Encoding.UTF8.GetString(reader.ValueSpan));
                }
            }
        }
        catch (JsonException)
        {
            // Cut short: what was read is the headline.
        }

        return text.ToString();
    }

    /// <summary>
    /// The top-level fields of a JSON payload: strings unescaped, anything else as its JSON text, each cut to
    /// what a line of <c>width</c> characters can show. Read with <see cref="Utf8JsonReader"/> in one pass, so
    /// that describing ten thousand events builds no document and decodes no long text in full.
    /// </summary>
    private readonly struct PayloadFields
    {
        private readonly List<(string Name, string Value)>? _fields;

        public PayloadFields(string json, int width)
        {
            Raw = json.Trim();
            var utf8 = Encoding.UTF8.GetBytes(json);
            var reader = new Utf8JsonReader(utf8);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return;
            }

            // Enough bytes for width + 1 characters (at most 4 bytes each); the line is cut at width anyway.
            var keep = 4 * (width + 1);
            _fields = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                string value;
                switch (reader.TokenType)
                {
                    case JsonTokenType.String when !reader.ValueIsEscaped:
                        value = Encoding.UTF8.GetString(reader.ValueSpan[..Math.Min(reader.ValueSpan.Length, keep)]);
                        break;
                    case JsonTokenType.String:
                        value = reader.GetString()!;
                        break;
                    case JsonTokenType.Null:
                        // An absent value: "exit null" says nothing a reader needs.
                        continue;
                    case JsonTokenType.StartObject or JsonTokenType.StartArray:
                        var start = (int)reader.TokenStartIndex;
                        reader.Skip();
                        value = Encoding.UTF8.GetString(utf8.AsSpan(start, Math.Min((int)reader.BytesConsumed - start, keep)));
                        break;
                    default:
                        value = Encoding.UTF8.GetString(reader.ValueSpan);
                        break;
                }

                _fields.Add((name, value));
            }
        }

        /// <summary>The whole payload, for kinds described by it.</summary>
        public string Raw { get; }

        public string? Get(string name)
        {
            foreach (var (field, value) in _fields ?? [])
            {
                if (field == name)
                {
                    return value;
                }
            }

            return null;
        }
    }

    private static string Shorten(string text, int width)
    {
        var builder = new StringBuilder(Math.Min(text.Length, width + 1));
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? ' ' : c);
            if (builder.Length > width)
            {
                builder.Length = width - 1;
                builder.Append('…');
                break;
            }
        }

        return builder.ToString();
    }
}
