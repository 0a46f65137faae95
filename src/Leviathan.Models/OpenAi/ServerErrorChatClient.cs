using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Leviathan.Models.OpenAi;

/// <summary>
/// Turns every failure of the SDK and the transport into a <see cref="ModelException"/> that names the profile and quotes
/// the server, ends a stream that stops without a finish reason with <see cref="ModelStreamTruncatedException"/>, and logs
/// calls (bodies only at Trace). It answers <see cref="GetService"/> for the <see cref="ModelProfile"/>.
/// </summary>
internal sealed class ServerErrorChatClient(IChatClient inner, ModelProfile profile, TimeProvider time, ILogger logger) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<AIChatMessage> ?? messages.ToList();
        LogRequest(list, options, streaming: false);
        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            if (logger.IsEnabled(LogLevel.Trace) && response.RawRepresentation is ChatCompletion completion)
            {
                ModelLog.ResponseBody(logger, profile.Name, ModelReaderWriter.Write(completion).ToString());
            }

            return response;
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<AIChatMessage> ?? messages.ToList();
        LogRequest(list, options, streaming: true);
        var chunks = 0;
        var finished = false;
        await using var enumerator = base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (await MoveNextAsync(enumerator, chunks, cancellationToken))
        {
            var update = enumerator.Current;
            if (update.RawRepresentation is StreamingChatCompletionUpdate chunk)
            {
                chunks++;
                if (logger.IsEnabled(LogLevel.Trace))
                {
                    ModelLog.ResponseBody(logger, profile.Name, ModelReaderWriter.Write(chunk).ToString());
                }
            }

            finished |= update.FinishReason is not null;
            yield return update;
        }

        if (!finished)
        {
            throw new ModelStreamTruncatedException(profile.Name, profile.BaseUrl, chunks, "the stream ended without a finish reason");
        }
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ModelProfile) ? profile : base.GetService(serviceType, serviceKey);

    private async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<ChatResponseUpdate> enumerator, int chunks, CancellationToken cancellationToken)
    {
        try
        {
            return await enumerator.MoveNextAsync();
        }
        catch (Exception ex) when (chunks > 0 && !cancellationToken.IsCancellationRequested && ex is IOException or HttpRequestException or JsonException or ClientResultException)
        {
            throw new ModelStreamTruncatedException(profile.Name, profile.BaseUrl, chunks, $"the connection broke: {ex.Message}", ex);
        }
        catch (Exception ex) when (Translate(ex, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private void LogRequest(IList<AIChatMessage> messages, ChatOptions? options, bool streaming)
    {
        ModelLog.CallStarting(logger, profile.Name, profile.Model, streaming, messages.Count, options?.Tools?.Count ?? 0);
        if (logger.IsEnabled(LogLevel.Trace))
        {
            ModelLog.RequestBody(logger, profile.Name, JsonSerializer.Serialize(messages, AIJsonUtilities.DefaultOptions));
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
                    profile.Name,
                    profile.BaseUrl,
                    result.Status,
                    ServerMessage(response, result.Message),
                    RetryAfter(response),
                    profile.ApiKeyVariable);
            case ClientResultException result:
                return new ModelConnectionException(profile.Name, profile.BaseUrl, Innermost(result).Message, ex);
            case HttpRequestException or IOException:
                return new ModelConnectionException(profile.Name, profile.BaseUrl, Innermost(ex).Message, ex);
            case JsonException:
                return new ModelConnectionException(profile.Name, profile.BaseUrl, $"the answer was cut off or is not valid JSON: {ex.Message}", ex);
            case OperationCanceledException:
                // SocketsHttpHandler reports its ConnectTimeout as a cancellation with a TimeoutException inside.
                return new ModelConnectionException(
                    profile.Name, profile.BaseUrl, ex.InnerException is TimeoutException timeout ? timeout.Message : "the HTTP request was aborted", ex);
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
    private static string ServerMessage(PipelineResponse? response, string fallback)
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
        return RetryAfterHeader.Parse(retryAfter, milliseconds, time.GetUtcNow());
    }
}
