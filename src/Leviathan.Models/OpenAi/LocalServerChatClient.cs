using System.Runtime.CompilerServices;
using System.Text;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;
using OpenAI.Chat;
using AIChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace Leviathan.Models.OpenAi;

/// <summary>
/// What OpenAI-compatible servers send and expect beyond what Microsoft.Extensions.AI's OpenAI client maps:
/// <list type="bullet">
/// <item>reasoning text in <c>reasoning</c> (Ollama, OpenRouter) becomes <see cref="TextReasoningContent"/>, as the library does for <c>reasoning_content</c>;</item>
/// <item>a finish reason outside OpenAI's set ("eos", "end_turn") is reported as the server sent it;</item>
/// <item>tool-call arguments keep the exact text the model wrote, both ways: a broken call is a recoverable
/// <see cref="FunctionCallContent"/> that quotes it (<see cref="ToolCallArguments"/>), and is sent back unchanged;</item>
/// <item><c>top_k</c> is sent, and the output cap also as the older <c>max_tokens</c> (llama.cpp before early 2026 and
/// other local servers read only that, while OpenAI's reasoning models reject it, so not for api.openai.com).</item>
/// </list>
/// </summary>
internal sealed class LocalServerChatClient(IChatClient inner, bool alsoSendMaxTokens) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var response = await base.GetResponseAsync(Outgoing(messages), Outgoing(options), cancellationToken);
        if (response.RawRepresentation is not ChatCompletion completion || response.Messages.LastOrDefault() is not { } message)
        {
            return response;
        }

        if (!message.Contents.Any(c => c is TextReasoningContent) && ServerFields.Reasoning(ref completion.Patch, delta: false) is { } reasoning)
        {
            message.Contents.Insert(0, new TextReasoningContent(reasoning));
        }

        var calls = completion.ToolCalls.Select(call => ToolCallArguments.Parse(call.Id, call.FunctionName, call.FunctionArguments?.ToString())).ToList();
        ReplaceCalls(message.Contents, calls);
        if (!string.IsNullOrEmpty(completion.Refusal))
        {
            message.Contents.Add(new ErrorContent(completion.Refusal) { ErrorCode = "refusal" });
        }

        if (ServerFields.OriginalFinish(ref completion.Patch) is { } original)
        {
            response.FinishReason = new AIChatFinishReason(original);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The library assembles the calls from their deltas too, but re-serializes the arguments (or drops them when broken).
        SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)>? calls = null;
        string? originalFinish = null;
        await foreach (var update in base.GetStreamingResponseAsync(Outgoing(messages), Outgoing(options), cancellationToken))
        {
            if (update.RawRepresentation is StreamingChatCompletionUpdate chunk)
            {
                if (!update.Contents.Any(c => c is TextReasoningContent) && ServerFields.Reasoning(ref chunk.Patch, delta: true) is { } reasoning)
                {
                    update.Contents.Insert(0, new TextReasoningContent(reasoning));
                }

                foreach (var delta in chunk.ToolCallUpdates)
                {
                    calls ??= [];
                    var call = calls.TryGetValue(delta.Index, out var known) ? known : (null, null, new StringBuilder());
                    call.Id ??= string.IsNullOrEmpty(delta.ToolCallId) ? null : delta.ToolCallId;
                    call.Name ??= string.IsNullOrEmpty(delta.FunctionName) ? null : delta.FunctionName;
                    if (delta.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
                    {
                        call.Arguments.Append(arguments.ToString());
                    }

                    calls[delta.Index] = call;
                }

                if (!string.IsNullOrEmpty(chunk.RefusalUpdate))
                {
                    update.Contents.Add(new ErrorContent(chunk.RefusalUpdate) { ErrorCode = "refusal" });
                }

                originalFinish ??= ServerFields.OriginalFinish(ref chunk.Patch);
            }
            else if (calls is not null && update.Contents.Any(content => content is FunctionCallContent))
            {
                ReplaceCalls(update.Contents, calls
                    .Where(pair => !string.IsNullOrWhiteSpace(pair.Value.Name))
                    .Select(pair => ToolCallArguments.Parse(pair.Value.Id ?? $"call_{pair.Key}", pair.Value.Name!, pair.Value.Arguments.ToString()))
                    .ToList());
            }

            if (originalFinish is not null && update.FinishReason is not null)
            {
                update.FinishReason = new AIChatFinishReason(originalFinish);
            }

            yield return update;
        }
    }

    /// <summary>Puts the calls parsed from the exact text in place of the library's, in order.</summary>
    private static void ReplaceCalls(IList<AIContent> contents, List<FunctionCallContent> exact)
    {
        var next = 0;
        for (var i = 0; i < contents.Count && next < exact.Count; i++)
        {
            if (contents[i] is FunctionCallContent)
            {
                contents[i] = exact[next++];
            }
        }
    }

    private static IEnumerable<AIChatMessage> Outgoing(IEnumerable<AIChatMessage> messages)
    {
        foreach (var message in messages)
        {
            yield return message.Role == AIChatRole.Assistant && message.RawRepresentation is not OpenAI.Chat.ChatMessage && message.Contents.Any(c => c is FunctionCallContent)
                ? WithExactArguments(message)
                : message;
        }
    }

    /// <summary>The library would send re-serialized arguments (and "null" for broken ones); send what the model wrote.</summary>
    private static AIChatMessage WithExactArguments(AIChatMessage message)
    {
        var calls = message.Contents.OfType<FunctionCallContent>()
            .Select(call => ChatToolCall.CreateFunctionToolCall(call.CallId, call.Name, BinaryData.FromString(call.GetArgumentsText())))
            .ToList();
        var assistant = new AssistantChatMessage(calls);
        var text = string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text));
        if (text.Length > 0)
        {
            assistant.Content.Add(ChatMessageContentPart.CreateTextPart(text));
        }

        return new AIChatMessage(message.Role, message.Contents) { AuthorName = message.AuthorName, MessageId = message.MessageId, RawRepresentation = assistant };
    }

    private ChatOptions? Outgoing(ChatOptions? options)
    {
        var maxTokens = alsoSendMaxTokens ? options?.MaxOutputTokens : null;
        var topK = options?.TopK;
        if (options is null || (maxTokens is null && topK is null))
        {
            return options;
        }

        var result = options.Clone();
        var factory = options.RawRepresentationFactory;
        result.RawRepresentationFactory = client =>
        {
            var completion = factory?.Invoke(client) as ChatCompletionOptions ?? new ChatCompletionOptions();
            if (maxTokens is { } max)
            {
                completion.Patch.Set("$.max_tokens"u8, max);
            }

            if (topK is { } k)
            {
                // Not OpenAI, but llama.cpp, vLLM and Ollama read it.
                completion.Patch.Set("$.top_k"u8, k);
            }

            return completion;
        };
        return result;
    }
}
