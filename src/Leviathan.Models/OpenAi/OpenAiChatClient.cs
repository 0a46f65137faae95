using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIChatRole = Microsoft.Extensions.AI.ChatRole;

namespace Leviathan.Models.OpenAi;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK, for any OpenAI-compatible endpoint (llama.cpp, vLLM, Ollama, OpenAI).
/// It makes exactly one HTTP attempt per call (the SDK's own retries are off; <c>ResilientChatClient</c> decides) and
/// turns every failure into a <see cref="ModelException"/> that names the profile and quotes the server.
/// </summary>
internal sealed class OpenAiChatClient : IChatClient
{
    private readonly ModelProfile _profile;
    private readonly ChatClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly bool _alsoSendMaxTokens;

    public OpenAiChatClient(ModelProfile profile, string? apiKey, HttpClient httpClient, TimeProvider time, ILogger logger)
    {
        _profile = profile;
        _time = time;
        _logger = logger;
        _alsoSendMaxTokens = !profile.BaseUrl.Host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase);
        var options = new OpenAIClientOptions
        {
            Endpoint = profile.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        options.AddPolicy(new FinishReasonPolicy(), PipelinePosition.BeforeTransport);

        // Local servers need no key; the SDK insists on one, and they ignore it.
        _client = new ChatClient(profile.Model, new ApiKeyCredential(apiKey ?? "no-key"), options);
        Metadata = new ChatClientMetadata("openai-compatible", profile.BaseUrl, profile.Model);
    }

    public ChatClientMetadata Metadata { get; }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<AIChatMessage> ?? messages.ToList();
        var request = OpenAiRequestMapper.ToMessages(list, options);
        var requestOptions = OpenAiRequestMapper.ToOptions(options, _alsoSendMaxTokens);
        LogRequest(list, options, streaming: false);
        try
        {
            var result = await _client.CompleteChatAsync(request, requestOptions, cancellationToken);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                ModelLog.ResponseBody(_logger, _profile.Name, result.GetRawResponse().Content.ToString());
            }

            return OpenAiResponseMapper.ToResponse(result.Value);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<AIChatMessage> ?? messages.ToList();
        var request = OpenAiRequestMapper.ToMessages(list, options);
        var requestOptions = OpenAiRequestMapper.ToOptions(options, _alsoSendMaxTokens);
        LogRequest(list, options, streaming: true);

        var state = new StreamState();
        var stream = _client.CompleteChatStreamingAsync(request, requestOptions, cancellationToken);
        await using var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        while (await MoveNextAsync(enumerator, state, cancellationToken))
        {
            var chunk = enumerator.Current;
            state.Chunks++;
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                ModelLog.ResponseBody(_logger, _profile.Name, ModelReaderWriter.Write(chunk).ToString());
            }

            if (ToUpdate(chunk, state) is { } update)
            {
                yield return update;
            }
        }

        if (!state.Finished)
        {
            throw new ModelStreamTruncatedException(_profile.Name, _profile.BaseUrl, state.Chunks, "the stream ended without a finish reason");
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? Metadata
        : serviceType == typeof(ModelProfile) ? _profile
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The HttpClient belongs to the factory that made this client.
    }

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<StreamingChatCompletionUpdate> enumerator, StreamState state, CancellationToken cancellationToken)
    {
        try
        {
            return await enumerator.MoveNextAsync();
        }
        catch (Exception ex) when (state.Chunks > 0 && !cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException or JsonException or ClientResultException)
        {
            throw new ModelStreamTruncatedException(_profile.Name, _profile.BaseUrl, state.Chunks, $"the connection broke: {ex.Message}", ex);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private ChatResponseUpdate? ToUpdate(StreamingChatCompletionUpdate chunk, StreamState state)
    {
        var contents = new List<AIContent>();
        if (OpenAiResponseMapper.ReadReasoning(ref chunk.Patch, "$.choices[0].delta") is { Length: > 0 } reasoning)
        {
            contents.Add(new TextReasoningContent(reasoning));
        }

        foreach (var part in chunk.ContentUpdate)
        {
            if (part.Kind == ChatMessageContentPartKind.Text && !string.IsNullOrEmpty(part.Text))
            {
                contents.Add(new TextContent(part.Text));
            }
        }

        if (!string.IsNullOrEmpty(chunk.RefusalUpdate))
        {
            contents.Add(new ErrorContent(chunk.RefusalUpdate) { ErrorCode = "refusal" });
        }

        foreach (var toolCall in chunk.ToolCallUpdates)
        {
            state.ToolCalls.Add(toolCall);
        }

        if (chunk.FinishReason is not null)
        {
            state.Finished = true;
            contents.AddRange(state.ToolCalls.Drain());
        }

        if (OpenAiResponseMapper.ToUsage(chunk.Usage) is { } usage)
        {
            contents.Add(new UsageContent(usage));
        }

        if (contents.Count == 0 && chunk.FinishReason is null)
        {
            return null;
        }

        return new ChatResponseUpdate(AIChatRole.Assistant, contents)
        {
            ResponseId = chunk.CompletionId,
            MessageId = chunk.CompletionId,
            CreatedAt = chunk.CreatedAt,
            ModelId = chunk.Model,
            FinishReason = OpenAiResponseMapper.ToFinishReason(chunk.FinishReason, OpenAiResponseMapper.ReadOriginalFinishReason(ref chunk.Patch)),
            RawRepresentation = chunk,
        };
    }

    private void LogRequest(IList<AIChatMessage> messages, ChatOptions? options, bool streaming)
    {
        ModelLog.CallStarting(_logger, _profile.Name, _profile.Model, streaming, messages.Count, options?.Tools?.Count ?? 0);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            ModelLog.RequestBody(_logger, _profile.Name, JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions));
        }
    }

    /// <summary>Maps SDK and transport failures to <see cref="ModelException"/>s; null leaves the exception as it is.</summary>
    private ModelException? Translate(Exception ex, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested || ex is ModelException)
        {
            return null;
        }

        switch (ex)
        {
            case ClientResultException { Status: > 0 } result:
                var response = result.GetRawResponse();
                return new ModelRequestException(
                    _profile.Name,
                    _profile.BaseUrl,
                    result.Status,
                    ServerMessage(response, result.Message),
                    RetryAfter(response),
                    _profile.ApiKeyVariable);
            case ClientResultException result:
                return new ModelConnectionException(_profile.Name, _profile.BaseUrl, Innermost(result).Message, ex);
            case HttpRequestException or IOException:
                return new ModelConnectionException(_profile.Name, _profile.BaseUrl, Innermost(ex).Message, ex);
            case JsonException:
                return new ModelConnectionException(_profile.Name, _profile.BaseUrl, $"the answer was cut off or is not valid JSON: {ex.Message}", ex);
            case OperationCanceledException:
                // SocketsHttpHandler reports its ConnectTimeout as a cancellation with a TimeoutException inside.
                return new ModelConnectionException(
                    _profile.Name, _profile.BaseUrl, ex.InnerException is TimeoutException timeout ? timeout.Message : "the HTTP request was aborted", ex);
            default:
                return null;
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    /// <summary>The server's message: <c>error.message</c>, <c>error</c> as a string, <c>message</c>, or the body itself (shortened).</summary>
    internal static string ServerMessage(PipelineResponse? response, string fallback)
    {
        if (response is null)
        {
            return fallback;
        }

        string body;
        try
        {
            body = response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return response.ReasonPhrase ?? fallback;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                    {
                        return error.GetString() ?? body;
                    }

                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
                    {
                        return message.GetString() ?? body;
                    }
                }

                if (root.TryGetProperty("message", out var plain) && plain.ValueKind == JsonValueKind.String)
                {
                    return plain.GetString() ?? body;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: quote the text.
        }

        body = body.Trim();
        if (body.Length == 0)
        {
            return response.ReasonPhrase ?? "(empty body)";
        }

        return body.Length > 500 ? body[..500] + "…" : body;
    }

    private TimeSpan? RetryAfter(PipelineResponse? response)
    {
        if (response is null)
        {
            return null;
        }

        response.Headers.TryGetValue("retry-after-ms", out var milliseconds);
        response.Headers.TryGetValue("Retry-After", out var retryAfter);
        return RetryAfterHeader.Parse(retryAfter, milliseconds, _time.GetUtcNow());
    }

    private sealed class StreamState
    {
        public int Chunks { get; set; }

        public bool Finished { get; set; }

        public StreamingToolCallAccumulator ToolCalls { get; } = new();
    }
}
