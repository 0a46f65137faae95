using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Turns the arguments text a model wrote for a tool call into a <see cref="FunctionCallContent"/>.
/// Broken JSON never throws: the content carries <see cref="FunctionCallContent.Exception"/> and the original text,
/// so the agent loop can show the model what was wrong (<see cref="DescribeArgumentsError"/>) and let it try again.
/// </summary>
public static class ToolCallArguments
{
    /// <summary>The key in <see cref="AIContent.AdditionalProperties"/> that holds the arguments exactly as the model wrote them.</summary>
    public const string TextKey = "arguments_text";

    /// <summary>
    /// The key in <see cref="AIContent.AdditionalProperties"/> that holds the text format a call was parsed from
    /// (<see cref="TextToolCallFormats"/>); absent for native calls.
    /// </summary>
    public const string FormatKey = "tool_call_format";

    /// <summary>Parses <paramref name="argumentsText"/> (an empty text means no arguments).</summary>
    public static FunctionCallContent Parse(string callId, string name, string? argumentsText)
    {
        var text = argumentsText ?? string.Empty;
        FunctionCallContent content;
        if (string.IsNullOrWhiteSpace(text))
        {
            content = new FunctionCallContent(callId, name, new Dictionary<string, object?>());
        }
        else
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    content = new FunctionCallContent(callId, name)
                    {
                        Exception = new JsonException($"the arguments must be a JSON object, not {Describe(document.RootElement.ValueKind)}"),
                    };
                }
                else
                {
                    var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
                    foreach (var property in document.RootElement.EnumerateObject())
                    {
                        arguments[property.Name] = property.Value.Clone();
                    }

                    content = new FunctionCallContent(callId, name, arguments);
                }
            }
            catch (JsonException ex)
            {
                content = new FunctionCallContent(callId, name) { Exception = ex };
            }
        }

        content.AdditionalProperties ??= [];
        content.AdditionalProperties[TextKey] = text;
        return content;
    }

    /// <summary>True when the model's arguments could not be used.</summary>
    public static bool HasMalformedArguments(this FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Exception is not null;
    }

    /// <summary>The arguments exactly as the model wrote them; re-serialized when the content was built elsewhere.</summary>
    public static string GetArgumentsText(this FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.AdditionalProperties?.TryGetValue(TextKey, out var raw) == true && raw is not null)
        {
            return raw is JsonElement { ValueKind: JsonValueKind.String } element ? element.GetString() ?? string.Empty : raw.ToString() ?? string.Empty;
        }

        return JsonSerializer.Serialize(call.Arguments ?? new Dictionary<string, object?>(), AIJsonUtilities.DefaultOptions);
    }

    /// <summary>The text format the call was written in (<see cref="TextToolCallFormats"/>); null for a native call.</summary>
    public static string? GetTextFormat(this FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.AdditionalProperties?.TryGetValue(FormatKey, out var format) == true
            ? format switch
            {
                string text => text,
                JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
                _ => format?.ToString(),
            }
            : null;
    }

    /// <summary>Marks <paramref name="call"/> as written in the text format <paramref name="format"/> (null: native).</summary>
    public static FunctionCallContent WithTextFormat(this FunctionCallContent call, string? format)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (format is not null)
        {
            call.AdditionalProperties ??= [];
            call.AdditionalProperties[FormatKey] = format;
        }

        return call;
    }

    /// <summary>
    /// A message for the model about a malformed call, e.g. "The arguments of your call to 'edit' (call_1) are not valid JSON: … You sent: {…". Null when the call is fine.
    /// </summary>
    public static string? DescribeArgumentsError(this FunctionCallContent call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Exception is null)
        {
            return null;
        }

        var text = call.GetArgumentsText();
        var shown = text.Length > 400 ? text[..400] + "…" : text;
        if (call.GetTextFormat() is { } format)
        {
            var named = call.Name == TextToolCallParser.UnknownToolName ? string.Empty : $" to '{call.Name}'";
            return $"Your tool call{named} ({call.CallId}) could not be read: {call.Exception.Message} You wrote: {shown} " +
                   $"Call the tool again, written as {TextToolCallPrompt.FormOf(format)}, with the arguments as a single JSON object that matches its schema.";
        }

        return $"The arguments of your call to '{call.Name}' ({call.CallId}) are not valid JSON: {call.Exception.Message} You sent: {shown} " +
               "Call the tool again with a single JSON object that matches its schema.";
    }

    /// <summary>Rebuilds a call whose parse error was lost in serialization (cassettes keep only the text).</summary>
    internal static FunctionCallContent Reparse(FunctionCallContent call) =>
        call.AdditionalProperties?.ContainsKey(TextKey) == true ? Parse(call.CallId, call.Name, call.GetArgumentsText()) : call;

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
