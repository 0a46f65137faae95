using System.Globalization;
using System.Text.Json;
using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Rendering;

/// <summary>
/// The lines under an event in <c>runs show</c>: the model's reasoning and messages, tool arguments unescaped (real
/// line breaks), the useful part of long outputs (<see cref="OutputExcerpt"/>), verdict reasons and plan items. Short
/// by default, with a note saying how much was left out; whole with <c>--full</c> or <c>--event N</c>.
/// </summary>
internal static class EventBody
{
    /// <summary>Lines of a message shown by default, by role.</summary>
    private const int AssistantLines = 12;
    private const int UserLines = 4;
    private const int ReasoningLines = 8;
    private const int OutputLines = 12;
    private const int ArgumentLines = 16;

    /// <summary>The body lines of <paramref name="evt"/> (no indentation, not cut to a width); empty when the headline says it all.</summary>
    public static List<string> Lines(TraceEvent evt, bool full)
    {
        var lines = new List<string>();
        if (evt.Kind is EventKind.Status or EventKind.Artifact or EventKind.Metric || !evt.PayloadJson.StartsWith('{'))
        {
            return lines;
        }

        try
        {
            using var document = JsonDocument.Parse(evt.PayloadJson);
            var payload = document.RootElement;
            switch (evt.Kind)
            {
                case EventKind.Message:
                    Message(lines, payload, full, evt.Sequence);
                    break;
                case EventKind.ToolCall:
                    Arguments(lines, payload, full, evt.Sequence);
                    break;
                case EventKind.ToolResult when String(payload, "text") is { } text:
                    if (text.Contains('\n', StringComparison.Ordinal) || text.Length > 100)
                    {
                        AddText(lines, string.Empty, text, full ? int.MaxValue : OutputLines, evt.Sequence, excerpt: true);
                    }

                    break;
                case EventKind.Verdict when payload.TryGetProperty("reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array:
                    foreach (var reason in reasons.EnumerateArray())
                    {
                        lines.Add("- " + (reason.ValueKind == JsonValueKind.String ? reason.GetString() : reason.GetRawText()));
                    }

                    break;
                case EventKind.PlanUpdate when payload.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array:
                    foreach (var item in items.EnumerateArray())
                    {
                        lines.Add($"[{String(item, "status")}] {String(item, "id")}. {String(item, "text")?.ReplaceLineEndings(" ")}");
                    }

                    break;
                case EventKind.Thought when payload.TryGetProperty("dropped", out var dropped) && dropped.ValueKind == JsonValueKind.Array:
                    foreach (var entry in dropped.EnumerateArray())
                    {
                        lines.Add("dropped " + (entry.ValueKind == JsonValueKind.String ? entry.GetString() : entry.GetRawText()));
                    }

                    break;
                case EventKind.Error when String(payload, "detail") is { Length: > 0 } detail && full:
                    AddText(lines, string.Empty, detail, int.MaxValue, evt.Sequence, excerpt: false);
                    break;
            }
        }
        catch (JsonException)
        {
            // Shown as it is on the headline.
        }

        return lines;
    }

    /// <summary>Every field of the payload not shown otherwise (model, usage, policy, …), for <c>--event N</c>.</summary>
    public static IEnumerable<string> OtherFields(TraceEvent evt)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(evt.PayloadJson);
        }
        catch (JsonException)
        {
            yield break;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                yield break;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name is "content" or "reasoning" or "arguments" or "text" or "reasons" or "items")
                {
                    continue;
                }

                yield return $"{property.Name}: {(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText())}";
            }
        }
    }

    private static void Message(List<string> lines, JsonElement payload, bool full, long sequence)
    {
        if (String(payload, "reasoning") is { Length: > 0 } reasoning)
        {
            AddText(lines, "thinking: ", reasoning, full ? int.MaxValue : ReasoningLines, sequence, excerpt: false);
        }

        var content = String(payload, "content");
        if (string.IsNullOrEmpty(content))
        {
            return;
        }

        var role = String(payload, "role");
        if (role == "system" && !full)
        {
            var count = content.AsSpan().Count('\n') + 1;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"(system prompt, {count} lines: leviathan runs show ID --event {sequence})"));
            return;
        }

        // A short one-line message is all on the headline.
        if (!content.Contains('\n', StringComparison.Ordinal) && content.Length <= 100 && lines.Count == 0)
        {
            return;
        }

        AddText(lines, string.Empty, content, full ? int.MaxValue : role == "assistant" ? AssistantLines : UserLines, sequence, excerpt: false);
    }

    private static void Arguments(List<string> lines, JsonElement payload, bool full, long sequence)
    {
        if (!payload.TryGetProperty("arguments", out var arguments) || arguments.ValueKind != JsonValueKind.Object)
        {
            if (String(payload, "arguments_raw") is { } raw)
            {
                AddText(lines, "arguments (not valid JSON): ", raw, full ? int.MaxValue : ArgumentLines, sequence, excerpt: false);
            }

            return;
        }

        var multiline = arguments.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.String && (p.Value.GetString()!.Contains('\n', StringComparison.Ordinal) || p.Value.GetString()!.Length > 80));
        if (!multiline && !full)
        {
            return;
        }

        foreach (var property in arguments.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                var value = property.Value.GetString()!;
                if (value.Contains('\n', StringComparison.Ordinal))
                {
                    lines.Add(property.Name + ":");
                    AddText(lines, "  ", value, full ? int.MaxValue : ArgumentLines, sequence, excerpt: false);
                }
                else
                {
                    lines.Add($"{property.Name}: {value}");
                }
            }
            else
            {
                lines.Add($"{property.Name}: {property.Value.GetRawText()}");
            }
        }
    }

    private static void AddText(List<string> lines, string prefix, string text, int max, long sequence, bool excerpt)
    {
        var all = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        IReadOnlyList<string> shown;
        if (all.Length <= max)
        {
            shown = all;
        }
        else if (excerpt)
        {
            shown = OutputExcerpt.Lines(text, max);
        }
        else
        {
            shown = [.. all.Take(max), string.Create(CultureInfo.InvariantCulture, $"… {all.Length - max} more lines (--event {sequence} or --full)")];
        }

        var first = true;
        foreach (var line in shown)
        {
            lines.Add((first ? prefix : new string(' ', prefix.Length)) + line);
            first = false;
        }

        if (excerpt && all.Length > max)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"({all.Length} lines in all: --event {sequence} or --full)"));
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
