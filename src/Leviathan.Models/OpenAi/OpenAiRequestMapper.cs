using System.Text.Json;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace Leviathan.Models.OpenAi;

/// <summary>Maps Microsoft.Extensions.AI requests to the OpenAI SDK's chat types.</summary>
internal static class OpenAiRequestMapper
{
    public static List<OpenAIChatMessage> ToMessages(IEnumerable<AIChatMessage> messages, ChatOptions? options)
    {
        var result = new List<OpenAIChatMessage>();
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            result.Add(new SystemChatMessage(options.Instructions));
        }

        foreach (var message in messages)
        {
            if (message.Role == AIChatRole.System)
            {
                result.Add(new SystemChatMessage(message.Text));
            }
            else if (message.Role == AIChatRole.User)
            {
                result.Add(new UserChatMessage(UserParts(message)));
            }
            else if (message.Role == AIChatRole.Assistant)
            {
                result.Add(Assistant(message));
            }
            else if (message.Role == AIChatRole.Tool)
            {
                foreach (var content in message.Contents)
                {
                    if (content is FunctionResultContent resultContent)
                    {
                        result.Add(new ToolChatMessage(resultContent.CallId, ResultText(resultContent.Result)));
                    }
                }
            }
            else
            {
                throw new ArgumentException($"message role '{message.Role}' is not supported by OpenAI-compatible endpoints; use system, user, assistant or tool", nameof(messages));
            }
        }

        return result;
    }

    /// <param name="options">The request options.</param>
    /// <param name="alsoSendMaxTokens">
    /// Also send the output cap as the older <c>max_tokens</c>: llama.cpp before early 2026 and other local servers read only that,
    /// while OpenAI's reasoning models reject it (so it is off for api.openai.com).
    /// </param>
    public static ChatCompletionOptions ToOptions(ChatOptions? options, bool alsoSendMaxTokens = false)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }

        result.Temperature = options.Temperature;
        result.TopP = options.TopP;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        if (alsoSendMaxTokens && options.MaxOutputTokens is { } maxTokens)
        {
            result.Patch.Set("$.max_tokens"u8, maxTokens);
        }

        result.FrequencyPenalty = options.FrequencyPenalty;
        result.PresencePenalty = options.PresencePenalty;
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK; every local server supports it.
        result.Seed = options.Seed;
#pragma warning restore OPENAI001
        if (options.TopK is { } topK)
        {
            // Not OpenAI, but llama.cpp, vLLM and Ollama read it.
            result.Patch.Set("$.top_k"u8, topK);
        }

        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }

        foreach (var tool in options.Tools ?? [])
        {
            if (tool is not AIFunctionDeclaration function)
            {
                throw new ArgumentException($"tool '{tool.Name}' is a {tool.GetType().Name}; only function tools (AIFunctionDeclaration) are supported", nameof(options));
            }

            result.Tools.Add(ChatTool.CreateFunctionTool(function.Name, function.Description, BinaryData.FromString(function.JsonSchema.GetRawText())));
        }

        if (result.Tools.Count > 0)
        {
            result.AllowParallelToolCalls = options.AllowMultipleToolCalls;
            result.ToolChoice = options.ToolMode switch
            {
                null => null,
                NoneChatToolMode => ChatToolChoice.CreateNoneChoice(),
                AutoChatToolMode => ChatToolChoice.CreateAutoChoice(),
                RequiredChatToolMode { RequiredFunctionName: { } name } => ChatToolChoice.CreateFunctionChoice(name),
                RequiredChatToolMode => ChatToolChoice.CreateRequiredChoice(),
                _ => null,
            };
        }

        result.ResponseFormat = options.ResponseFormat switch
        {
            null => null,
            ChatResponseFormatText => OpenAI.Chat.ChatResponseFormat.CreateTextFormat(),
            ChatResponseFormatJson { Schema: { } schema } json => OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(
                json.SchemaName ?? "response", BinaryData.FromString(schema.GetRawText()), json.SchemaDescription),
            ChatResponseFormatJson => OpenAI.Chat.ChatResponseFormat.CreateJsonObjectFormat(),
            _ => null,
        };

        return result;
    }

    private static List<ChatMessageContentPart> UserParts(AIChatMessage message)
    {
        var parts = new List<ChatMessageContentPart>();
        foreach (var content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(ChatMessageContentPart.CreateTextPart(text.Text));
                    break;
                case DataContent data when data.HasTopLevelMediaType("image"):
                    parts.Add(ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(data.Data), data.MediaType));
                    break;
                case UriContent uri when uri.HasTopLevelMediaType("image"):
                    parts.Add(ChatMessageContentPart.CreateImagePart(uri.Uri));
                    break;
                default:
                    throw new ArgumentException($"user message content of type {content.GetType().Name} is not supported; send text or images", nameof(message));
            }
        }

        return parts;
    }

    private static AssistantChatMessage Assistant(AIChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(call => ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromString(call.GetArgumentsText())))
            .ToList();
        var text = string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text));
        if (calls.Count == 0)
        {
            return new AssistantChatMessage(text);
        }

        var assistant = new AssistantChatMessage(calls);
        if (text.Length > 0)
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
        }

        return assistant;
    }

    private static string ResultText(object? result) => result switch
    {
        null => string.Empty,
        string text => text,
        JsonElement { ValueKind: JsonValueKind.String } element => element.GetString() ?? string.Empty,
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions),
    };
}
