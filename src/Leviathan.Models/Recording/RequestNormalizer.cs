using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Recording;

/// <summary>
/// The part of a request that decides the answer, as canonical JSON: model, messages (text, tool calls with their
/// exact argument text, tool results, image hashes), tools with their schemas, and the sampling options.
/// Object keys are sorted and secrets redacted, so equal requests hash equally across runs and machines.
/// Left out: ids and timestamps of messages, reasoning text (not sent to servers), and anything transport-specific.
/// </summary>
internal static class RequestNormalizer
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject Normalize(string model, IEnumerable<ChatMessage> messages, ChatOptions? options, SecretRedactor redactor)
    {
        var request = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(messages.Select(Message).ToArray()),
        };

        if (options?.Tools is { Count: > 0 } tools)
        {
            request["tools"] = new JsonArray(tools.Select(Tool).ToArray());
        }

        if (Options(options) is { Count: > 0 } settings)
        {
            request["options"] = settings;
        }

        return (JsonObject)redactor.Redact(Sort(request))!;
    }

    public static string Hash(JsonObject normalized)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(normalized.ToJsonString(Compact)));
        return "sha256:" + Convert.ToHexStringLower(bytes);
    }

    public static string Pretty(JsonNode node) => node.ToJsonString(Indented);

    private static JsonNode Message(ChatMessage message)
    {
        var contents = new JsonArray();
        foreach (var content in message.Contents)
        {
            JsonObject? item = content switch
            {
                TextContent text => new JsonObject { ["text"] = text.Text },
                FunctionCallContent call => new JsonObject
                {
                    ["tool_call"] = new JsonObject { ["id"] = call.CallId, ["name"] = call.Name, ["arguments"] = call.GetArgumentsText() },
                },
                FunctionResultContent result => new JsonObject
                {
                    ["tool_result"] = new JsonObject { ["id"] = result.CallId, ["result"] = ResultText(result.Result) },
                },
                DataContent data => new JsonObject
                {
                    ["data"] = new JsonObject { ["media_type"] = data.MediaType, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(data.Data.Span)) },
                },
                UriContent uri => new JsonObject { ["uri"] = uri.Uri.ToString() },
                _ => null,
            };
            if (item is not null)
            {
                contents.Add(item);
            }
        }

        return new JsonObject { ["role"] = message.Role.Value, ["content"] = contents };
    }

    private static JsonNode Tool(AITool tool)
    {
        var node = new JsonObject { ["name"] = tool.Name, ["description"] = tool.Description };
        if (tool is AIFunctionDeclaration function)
        {
            node["parameters"] = JsonNode.Parse(function.JsonSchema.GetRawText());
        }

        return node;
    }

    private static JsonObject Options(ChatOptions? options)
    {
        var node = new JsonObject();
        if (options is null)
        {
            return node;
        }

        Add(node, "instructions", options.Instructions);
        Add(node, "temperature", options.Temperature);
        Add(node, "top_p", options.TopP);
        Add(node, "top_k", options.TopK);
        Add(node, "max_output_tokens", options.MaxOutputTokens);
        Add(node, "seed", options.Seed);
        Add(node, "frequency_penalty", options.FrequencyPenalty);
        Add(node, "presence_penalty", options.PresencePenalty);
        Add(node, "allow_multiple_tool_calls", options.AllowMultipleToolCalls);
        if (options.StopSequences is { Count: > 0 } stops)
        {
            node["stop"] = new JsonArray(stops.Select(s => (JsonNode)JsonValue.Create(s)!).ToArray());
        }

        Add(node, "tool_mode", options.ToolMode switch
        {
            null => null,
            NoneChatToolMode => "none",
            AutoChatToolMode => "auto",
            RequiredChatToolMode { RequiredFunctionName: { } name } => "required:" + name,
            RequiredChatToolMode => "required",
            _ => options.ToolMode.GetType().Name,
        });
        switch (options.ResponseFormat)
        {
            case ChatResponseFormatText:
                node["response_format"] = "text";
                break;
            case ChatResponseFormatJson { Schema: { } schema } json:
                node["response_format"] = new JsonObject { ["name"] = json.SchemaName, ["schema"] = JsonNode.Parse(schema.GetRawText()) };
                break;
            case ChatResponseFormatJson:
                node["response_format"] = "json";
                break;
        }

        return node;
    }

    private static void Add<T>(JsonObject node, string key, T? value)
    {
        if (value is not null)
        {
            node[key] = JsonValue.Create(value);
        }
    }

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };

    /// <summary>A deep copy with object keys in ordinal order.</summary>
    private static JsonNode? Sort(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, JsonNode?>(p.Key, Sort(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sort).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
