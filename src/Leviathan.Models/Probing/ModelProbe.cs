using System.Net.Http.Headers;
using System.Text.Json;
using Leviathan.Models.Building;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Leviathan.Models.Resilience;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.Probing;

/// <summary>
/// Checks an endpoint with the smallest useful requests: the model list, the context window where the server reports it,
/// one tiny chat completion, (when the profile claims streaming) one tiny streamed completion, and one request with a tool
/// offered to see whether the server calls it natively, writes the call as text, or ignores it (then once more with the
/// tool described in the prompt). One attempt each, a short timeout, no retries, so that a dead endpoint fails within seconds.
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

        var context = await ContextWindowProbe.DetectAsync(factory, profile, limit < ContextWindowProbe.DefaultTimeout ? limit : null, cancellationToken);
        var (toolCalls, advice) = await CheckToolCallsAsync(factory, profile, limit, cancellationToken);
        return new ModelPingResult(
            latency,
            response.ModelId,
            response.Text.Trim(),
            served,
            response.Usage?.InputTokenCount is not null,
            response.Messages.SelectMany(m => m.Contents).OfType<TextReasoningContent>().Any(),
            streaming,
            streamingProblem)
        {
            ToolCalls = toolCalls,
            ToolCallsAdvice = advice,
            ContextWindow = context,
        };
    }

    /// <summary>The tool the ping offers; any model that can call tools calls it for the question asked.</summary>
    internal static AIFunctionDeclaration PingTool { get; } = AIFunctionFactory.CreateDeclaration(
        "get_time",
        "Tell the current time in a city.",
        JsonDocument.Parse("""{"type":"object","properties":{"city":{"type":"string","description":"The city, e.g. Paris"}},"required":["city"]}""").RootElement);

    /// <summary>Offers <see cref="PingTool"/> natively (auto mode), then, if it was ignored, described in the prompt (text mode).</summary>
    private static async Task<(string ToolCalls, string Advice)> CheckToolCallsAsync(ModelClientFactory factory, ModelProfile profile, TimeSpan limit, CancellationToken cancellationToken)
    {
        var key = $"models.profiles.{profile.Name}.tool_calls";
        var setting = $"now: {profile.ToolCalls.ToName()}";
        var messages = new List<ChatMessage> { new(ChatRole.User, "What time is it in Paris? Use the get_time tool to find out.") };
        var options = new ChatOptions { Tools = [PingTool], MaxOutputTokens = 256, Temperature = 0 };
        var resilience = ModelResilienceOptions.Probe(limit);
        var auto = factory.Create(profile, new ModelClientOptions { Resilience = resilience, ToolCalls = ToolCallMode.Auto });
        ChatResponse response;
        try
        {
            response = await auto.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (ModelException ex)
        {
            return ("none", $"the request with a tool failed: {ex.Message}; try {key}: text ({setting})");
        }

        var call = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault();
        var refused = response.AdditionalProperties?.TryGetValue(TextToolCallChatClient.FallbackKey, out var message) == true ? message?.ToString() : null;
        if (call is not null && call.GetTextFormat() is not { } format)
        {
            return ("native", profile.ToolCalls == ToolCallMode.Text
                ? $"the server makes native tool calls; {key}: auto (the default) uses them ({setting})"
                : $"native tool calls work; keep {key}: auto (the default) or native ({setting})");
        }

        if (call is not null)
        {
            var formatName = call.GetTextFormat()!;
            if (refused is not null)
            {
                return ($"text:{formatName}", $"the server refuses native tools (\"{refused}\"); set {key}: text to skip the refused request on every run ({setting})");
            }

            return ($"text:{formatName}", profile.ToolCalls == ToolCallMode.Native
                ? $"the model writes its calls as text ({formatName}), which native mode ignores: set {key}: auto or text ({setting})"
                : $"the model writes its calls as text ({formatName}); auto (the default) reads them, or set {key}: text to describe the tools in the prompt instead ({setting})");
        }

        var text = factory.Create(profile, new ModelClientOptions { Resilience = resilience, ToolCalls = ToolCallMode.Text });
        try
        {
            var described = await text.GetResponseAsync(messages, options, cancellationToken);
            if (described.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().FirstOrDefault() is { } textCall)
            {
                return ($"text:{textCall.GetTextFormat()}", $"the server ignores native tools, but the model calls tools described in the prompt: set {key}: text ({setting})");
            }
        }
        catch (ModelException)
        {
            // The tool was ignored natively; a failure of the text attempt adds nothing to say.
        }

        return ("none", $"the model called no tool, offered natively or described in the prompt; agents act only through tools, so use a model that calls them ({setting})");
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
