using System.Net.Http.Headers;
using System.Text.Json;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Leviathan.Models.Resilience;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Probing;

/// <summary>
/// Checks an endpoint with the smallest useful requests: the model list, one tiny chat completion, and (when the
/// profile claims streaming) one tiny streamed completion. One attempt each, a short timeout, no retries, so that a
/// dead endpoint fails within seconds.
/// </summary>
public static class ModelProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    /// <exception cref="ModelException">The endpoint failed the chat request; the message says how.</exception>
    public static async Task<ModelPingResult> PingAsync(ModelClientFactory factory, ModelProfile profile, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(profile);
        var limit = timeout ?? (profile.Timeout < DefaultTimeout ? profile.Timeout : DefaultTimeout);
        var served = await ListModelsAsync(factory, profile, limit, cancellationToken);

        var client = factory.Create(profile, new ModelClientOptions { Resilience = ModelResilienceOptions.Probe(limit) });
        var messages = new List<ChatMessage> { new(ChatRole.User, "Reply with the single word: pong") };
        var options = new ChatOptions { MaxOutputTokens = 16, Temperature = 0 };
        var started = factory.Options.Time.GetTimestamp();
        var response = await client.GetResponseAsync(messages, options, cancellationToken);
        var latency = factory.Options.Time.GetElapsedTime(started);

        bool? streaming = null;
        string? streamingProblem = null;
        if (profile.Capabilities.HasFlag(ModelCapabilities.Streaming))
        {
            try
            {
                await foreach (var update in client.GetStreamingResponseAsync(messages, options, cancellationToken))
                {
                    _ = update;
                }

                streaming = true;
            }
            catch (ModelException ex)
            {
                streaming = false;
                streamingProblem = ex.Message;
            }
        }

        return new ModelPingResult(
            latency,
            response.ModelId,
            response.Text.Trim(),
            served,
            response.Usage?.InputTokenCount is not null,
            response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Any(),
            streaming,
            streamingProblem);
    }

    /// <summary>GET {base}/models; null when the endpoint has no such list or does not answer it.</summary>
    private static async Task<IReadOnlyList<string>?> ListModelsAsync(ModelClientFactory factory, ModelProfile profile, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(profile.BaseUrl, "models"));
        if (profile.ReadApiKey(factory.Options.Environment) is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            using var response = await factory.Http.SendAsync(request, cts.Token);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token));
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            return data.EnumerateArray()
                .Select(m => m.TryGetProperty("id", out var id) ? id.GetString() : null)
                .OfType<string>()
                .ToList();
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The chat request that follows reports the real problem with the endpoint.
            return null;
        }
    }
}
