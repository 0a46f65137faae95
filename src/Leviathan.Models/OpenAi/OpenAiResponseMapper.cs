using System.Text;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;
using OpenAIChatFinishReason = OpenAI.Chat.ChatFinishReason;

namespace Leviathan.Models.OpenAi;

/// <summary>Maps OpenAI SDK results to Microsoft.Extensions.AI responses, keeping reasoning text the SDK does not model.</summary>
internal static class OpenAiResponseMapper
{
    public static ChatResponse ToResponse(ChatCompletion completion)
    {
        var contents = new List<AIContent>();
        if (ReadReasoning(ref completion.Patch, "$.choices[0].message") is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        foreach (var part in completion.Content)
        {
            if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
            {
                contents.Add(new TextContent(part.Text));
            }
        }

        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            contents.Add(new ErrorContent(completion.Refusal) { ErrorCode = "refusal" });
        }

        foreach (var call in completion.ToolCalls)
        {
            contents.Add(ToolCallArguments.Parse(call.Id, call.FunctionName, call.FunctionArguments?.ToString()));
        }

        var message = new AIChatMessage(AIChatRole.Assistant, contents) { MessageId = completion.Id, CreatedAt = completion.CreatedAt };
        return new ChatResponse(message)
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason, ReadOriginalFinishReason(ref completion.Patch)),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    /// <summary>The server's own finish reason when <see cref="FinishReasonRewriter"/> had to replace it.</summary>
    public static string? ReadOriginalFinishReason(ref System.ClientModel.Primitives.JsonPatch patch) =>
        patch.TryGetValue(Encoding.UTF8.GetBytes($"$.choices[0].{FinishReasonRewriter.OriginalField}"), out string? value) ? value : null;

    public static AIChatFinishReason? ToFinishReason(OpenAIChatFinishReason? reason, string? original = null) => reason switch
    {
        _ when !string.IsNullOrEmpty(original) => new AIChatFinishReason(original),
        null => null,
        OpenAIChatFinishReason.Stop => AIChatFinishReason.Stop,
        OpenAIChatFinishReason.Length => AIChatFinishReason.Length,
        OpenAIChatFinishReason.ToolCalls or OpenAIChatFinishReason.FunctionCall => AIChatFinishReason.ToolCalls,
        OpenAIChatFinishReason.ContentFilter => AIChatFinishReason.ContentFilter,
        _ => new AIChatFinishReason(reason.Value.ToString().ToLowerInvariant()),
    };

    public static UsageDetails? ToUsage(ChatTokenUsage? usage)
    {
        if (usage is null)
        {
            return null;
        }

        return new UsageDetails
        {
            InputTokenCount = usage.InputTokenCount,
            OutputTokenCount = usage.OutputTokenCount,
            TotalTokenCount = usage.TotalTokenCount,
            ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount is > 0 ? usage.OutputTokenDetails.ReasoningTokenCount : null,
            CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount is > 0 ? usage.InputTokenDetails.CachedTokenCount : null,
        };
    }

    /// <summary>
    /// The SDK has no property for <c>reasoning_content</c> (llama.cpp, vLLM, DeepSeek) or <c>reasoning</c> (Ollama, OpenRouter),
    /// but keeps unknown JSON in the model's <c>Patch</c>, addressed by a JSON path from the response root.
    /// </summary>
    public static string? ReadReasoning(ref System.ClientModel.Primitives.JsonPatch patch, string messagePath)
    {
        foreach (var field in new[] { "reasoning_content", "reasoning" })
        {
            var path = Encoding.UTF8.GetBytes($"{messagePath}.{field}");
            if (patch.TryGetValue(path, out string? value) && !string.IsNullOrEmpty(value))
            {
                return value;
            }
        }

        return null;
    }
}
