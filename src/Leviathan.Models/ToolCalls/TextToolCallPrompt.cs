using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Shapes a request for a server that takes tool calls as text: the offered tools described in the system prompt
/// (name, one-line description, JSON Schema of the arguments, compact), earlier calls written back as the text the model
/// wrote (or in its format), and tool results sent as user messages <c>&lt;tool_response name="…"&gt;…&lt;/tool_response&gt;</c>
/// merged with the user text around them, since such servers' templates do not take <c>role: tool</c> or two user turns in a row.
/// </summary>
internal static class TextToolCallPrompt
{
    /// <summary>The key in <see cref="ChatMessage.AdditionalProperties"/> that holds an assistant reply's original text when calls were parsed from it.</summary>
    public const string OriginalTextKey = "tool_calls_text";

    /// <summary>How a call is written in <paramref name="format"/>, for the model: used in the prompt and in error messages.</summary>
    public static string FormOf(string? format) => format switch
    {
        TextToolCallFormats.Mistral => "[TOOL_CALLS] [{\"name\": \"TOOL\", \"arguments\": {…}}]",
        TextToolCallFormats.Llama => "<function=TOOL>{…}</function>",
        TextToolCallFormats.Json => "a ```json block holding {\"name\": \"TOOL\", \"arguments\": {…}}",
        TextToolCallFormats.ReAct => "'Action: TOOL' and, on the next line, 'Action Input: {…}'",
        _ => "<tool_call>{\"name\": \"TOOL\", \"arguments\": {…}}</tool_call>",
    };

    /// <summary>The system prompt section that describes <paramref name="tools"/>; null when there are none.</summary>
    public static string? Describe(IList<AITool>? tools)
    {
        if (tools is not { Count: > 0 })
        {
            return null;
        }

        var builder = new StringBuilder();
        builder.Append("# Tools\n\nYou act by calling tools. To call a tool, write exactly:\n<tool_call>\n{\"name\": \"TOOL_NAME\", \"arguments\": {\"ARGUMENT\": \"VALUE\"}}\n</tool_call>\n")
            .Append("You may write a short thought before the call. For several calls, write several <tool_call> blocks. ")
            .Append("Write nothing after your calls: the results come back as <tool_response name=\"TOOL_NAME\"> blocks in the next message.\n\n")
            .Append("Tools (name: what it does; its arguments as JSON Schema):\n");
        foreach (var tool in tools)
        {
            builder.Append("- ").Append(tool.Name).Append(": ").Append(OneLine(tool.Description));
            if (tool is AIFunctionDeclaration function)
            {
                builder.Append(' ').Append(Compact(function.JsonSchema));
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// The messages to send. <paramref name="allCalls"/>: every earlier call and result in text form (text mode); otherwise
    /// only the calls that were parsed from text and their results (auto mode). <paramref name="toolSection"/> is added to the
    /// system prompt when not null.
    /// </summary>
    public static List<ChatMessage> Shape(IEnumerable<ChatMessage> messages, bool allCalls, string? toolSection)
    {
        var source = messages as IList<ChatMessage> ?? messages.ToList();
        var result = new List<ChatMessage>(source.Count + 1);
        var textCalls = new Dictionary<string, string>(StringComparer.Ordinal);
        var merged = new HashSet<ChatMessage>(ReferenceEqualityComparer.Instance);
        foreach (var message in source)
        {
            if (message.Role == ChatRole.Assistant && message.Contents.OfType<FunctionCallContent>().ToList() is { Count: > 0 } calls
                && (allCalls || calls.Any(c => c.GetTextFormat() is not null)))
            {
                foreach (var call in calls)
                {
                    textCalls[call.CallId] = call.Name;
                }

                result.Add(new ChatMessage(ChatRole.Assistant, AssistantText(message, calls)) { MessageId = message.MessageId });
            }
            else if (message.Role == ChatRole.Tool && message.Contents.OfType<FunctionResultContent>().ToList() is { Count: > 0 } results
                && (allCalls || results.All(r => textCalls.ContainsKey(r.CallId))))
            {
                var text = string.Join("\n", results.Select(r => Response(textCalls.GetValueOrDefault(r.CallId, "tool"), r.Result)));
                AddUser(result, merged, text, converted: true);
            }
            else if (message.Role == ChatRole.User && message.Contents.All(c => c is TextContent) && result.Count > 0 && merged.Contains(result[^1]))
            {
                AddUser(result, merged, message.Text, converted: true);
            }
            else
            {
                result.Add(message);
            }
        }

        if (toolSection is not null)
        {
            if (result.Count > 0 && result[0].Role == ChatRole.System)
            {
                result[0] = new ChatMessage(ChatRole.System, result[0].Text.TrimEnd() + "\n\n" + toolSection);
            }
            else
            {
                result.Insert(0, new ChatMessage(ChatRole.System, toolSection));
            }
        }

        return result;
    }

    /// <summary>How the calls of <paramref name="message"/> are written back: the model's own text when it is known, else in the calls' format.</summary>
    private static string AssistantText(ChatMessage message, List<FunctionCallContent> calls)
    {
        if (message.AdditionalProperties?.TryGetValue(OriginalTextKey, out var original) == true && original is string { Length: > 0 } raw)
        {
            return raw;
        }

        var builder = new StringBuilder();
        var thought = string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text)).Trim();
        if (thought.Length > 0)
        {
            builder.Append(thought).Append("\n\n");
        }

        var format = calls[0].GetTextFormat();
        switch (format)
        {
            case TextToolCallFormats.Mistral:
                builder.Append("[TOOL_CALLS] [").AppendJoin(", ", calls.Select(CallObject)).Append(']');
                break;
            case TextToolCallFormats.Llama:
                foreach (var call in calls)
                {
                    builder.Append("<function=").Append(call.Name).Append('>').Append(call.GetArgumentsText()).Append("</function>\n");
                }

                break;
            case TextToolCallFormats.Json:
                foreach (var call in calls)
                {
                    builder.Append("```json\n").Append(CallObject(call)).Append("\n```\n");
                }

                break;
            case TextToolCallFormats.ReAct:
                builder.Append("Action: ").Append(calls[0].Name).Append("\nAction Input: ").Append(calls[0].GetArgumentsText());
                break;
            default:
                foreach (var call in calls)
                {
                    builder.Append("<tool_call>\n").Append(CallObject(call)).Append("\n</tool_call>\n");
                }

                break;
        }

        return builder.ToString().TrimEnd();
    }

    private static string CallObject(FunctionCallContent call)
    {
        var arguments = call.GetArgumentsText();
        return "{\"name\": " + JsonSerializer.Serialize(call.Name, AIJsonUtilities.DefaultOptions) + ", \"arguments\": " + (arguments.Length == 0 ? "{}" : arguments) + "}";
    }

    private static string Response(string name, object? result)
    {
        var text = result switch
        {
            null => string.Empty,
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
            _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
        };
        return $"<tool_response name=\"{name}\">\n{text}\n</tool_response>";
    }

    private static void AddUser(List<ChatMessage> result, HashSet<ChatMessage> merged, string text, bool converted)
    {
        if (result.Count > 0 && result[^1].Role == ChatRole.User && result[^1].Contents.All(c => c is TextContent))
        {
            var combined = new ChatMessage(ChatRole.User, result[^1].Text + "\n\n" + text);
            merged.Remove(result[^1]);
            result[^1] = combined;
            merged.Add(combined);
            return;
        }

        var message = new ChatMessage(ChatRole.User, text);
        result.Add(message);
        if (converted)
        {
            merged.Add(message);
        }
    }

    private static string OneLine(string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
        {
            return "(no description)";
        }

        var text = description.Trim();
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }

    private static string Compact(JsonElement schema)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false }))
        {
            schema.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
