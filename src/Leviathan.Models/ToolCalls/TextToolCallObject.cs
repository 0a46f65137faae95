using System.Text.Json;
using System.Text.RegularExpressions;

namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Reads the JSON object of one text tool call. Accepted shapes: <c>{"name", "arguments"}</c> (Hermes, Qwen, Mistral),
/// <c>{"name", "parameters"}</c> (Llama 3.x JSON), <c>{"tool", "args"}</c>, <c>{"tool_name", "input"}</c>,
/// <c>{"action", "action_input"}</c> (LangChain), and OpenAI's <c>{"type": "function", "function": {"name", "arguments"}}</c>;
/// arguments may be an object or a string holding one.
/// </summary>
internal static partial class TextToolCallObject
{
    private static readonly string[] NameKeys = ["name", "tool", "tool_name", "function", "action", "function_name"];
    private static readonly string[] ArgumentKeys = ["arguments", "parameters", "args", "input", "action_input", "tool_input", "params"];

    /// <summary>True when <paramref name="element"/> looks like a call: an object with a string under one of the name keys.</summary>
    public static bool LooksLikeCall(JsonElement element, IReadOnlySet<string>? knownTools)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (element.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            element = function;
        }

        return NameOf(element) is { } name && (knownTools is null || knownTools.Contains(name));
    }

    /// <summary>Reads one call from the JSON text <paramref name="json"/> at <paramref name="start"/>..<paramref name="end"/> of the reply.</summary>
    public static TextToolCall Read(string json, int start, int end)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromElement(document.RootElement, json, start, end);
        }
        catch (JsonException ex)
        {
            return Broken(json, $"the call is not valid JSON: {ex.Message}", start, end);
        }
    }

    /// <summary>Reads one call (an object) or several (an array of objects) from <paramref name="json"/>.</summary>
    public static void ReadAll(string json, int start, int end, List<TextToolCall> calls)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in root.EnumerateArray())
                {
                    calls.Add(FromElement(item, item.GetRawText(), start, end));
                }

                return;
            }

            calls.Add(FromElement(root, json, start, end));
        }
        catch (JsonException ex)
        {
            calls.Add(Broken(json, $"the call is not valid JSON: {ex.Message}", start, end));
        }
    }

    /// <summary>Reads one call from an already parsed element.</summary>
    public static TextToolCall FromElement(JsonElement element, string rawText, int start, int end)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Broken(rawText, "a call must be a JSON object like {\"name\": \"TOOL\", \"arguments\": {…}}", start, end);
        }

        if (element.TryGetProperty("function", out var function) && function.ValueKind == JsonValueKind.Object)
        {
            element = function;
        }

        if (NameOf(element) is not { } name)
        {
            return Broken(rawText, "the call names no tool: write {\"name\": \"TOOL\", \"arguments\": {…}}", start, end);
        }

        foreach (var key in ArgumentKeys)
        {
            if (element.TryGetProperty(key, out var arguments))
            {
                var text = arguments.ValueKind == JsonValueKind.String ? arguments.GetString() ?? string.Empty : arguments.GetRawText();
                return new TextToolCall(name, text, null, start, end);
            }
        }

        return new TextToolCall(name, "{}", null, start, end);
    }

    /// <summary>A call that cannot be used; its name is guessed from the text so that the error can name the tool.</summary>
    public static TextToolCall Broken(string rawText, string problem, int start, int end) =>
        new(GuessName(rawText), rawText, problem, start, end);

    private static string? NameOf(JsonElement element)
    {
        foreach (var key in NameKeys)
        {
            if (element.TryGetProperty(key, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } name)
            {
                return name.Trim();
            }
        }

        return null;
    }

    private static string? GuessName(string text)
    {
        var match = NamePattern().Match(text);
        return match.Success ? match.Groups[1].Value : null;
    }

    [GeneratedRegex("\"(?:name|tool|tool_name|action)\"\\s*:\\s*\"([A-Za-z0-9_.\\-]{1,64})\"", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
