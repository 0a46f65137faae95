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
            using var document = JsonDocument.Parse(evt.PayloadJson);
            text = Describe(evt.Kind, document.RootElement);
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

    private static string Describe(EventKind kind, JsonElement payload)
    {
        string? Field(string name) =>
            payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
                : null;

        return kind switch
        {
            EventKind.Message => $"{Field("role") ?? "message"}: {Field("content") ?? string.Empty}",
            EventKind.Thought => Field("text") ?? Field("content") ?? payload.GetRawText(),
            EventKind.ToolCall => $"{Field("name")}({Field("arguments") ?? string.Empty})",
            EventKind.ToolResult => $"{(Field("is_error") == "true" ? "error" : "ok")}{(Field("exit_code") is { } code ? $" exit {code}" : string.Empty)}: {Field("text") ?? string.Empty}",
            EventKind.Verdict => $"{(Field("accept") == "true" ? "accept" : "revise")}: {Field("reasons") ?? string.Empty}",
            EventKind.PlanUpdate => $"plan: {Field("items") ?? payload.GetRawText()}",
            EventKind.Error => Field("message") ?? payload.GetRawText(),
            EventKind.Status => $"{Field("status")}{(Field("reason") is { } reason ? $": {reason}" : string.Empty)}",
            EventKind.Artifact => $"{Field("path") ?? Field("sha256")} ({Field("media_type")}, {Field("size")} bytes)",
            EventKind.Metric => $"{Field("name")} = {Field("value")} {Field("unit")}".TrimEnd(),
            _ => payload.GetRawText(),
        };
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
