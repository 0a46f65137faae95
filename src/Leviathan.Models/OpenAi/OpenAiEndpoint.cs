using System.ClientModel;
using System.ClientModel.Primitives;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Leviathan.Models.OpenAi;

/// <summary>
/// The innermost client of a live profile: the official OpenAI SDK's <see cref="ChatClient"/> seen through
/// Microsoft.Extensions.AI's <c>AsIChatClient()</c>, which maps requests, responses and streamed tool-call deltas.
/// It makes exactly one HTTP attempt per call (the SDK's retries are off; <c>ResilientChatClient</c> decides), and
/// finish reasons the SDK would reject are rewritten on the wire first (<see cref="FinishReasonPolicy"/>).
/// </summary>
internal static class OpenAiEndpoint
{
    public static IChatClient Create(ModelProfile profile, string? apiKey, HttpClient httpClient)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = profile.BaseUrl,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
            Transport = new HttpClientPipelineTransport(httpClient),
        };
        options.AddPolicy(new FinishReasonPolicy(), PipelinePosition.BeforeTransport);

        // Local servers need no key; the SDK insists on one, and they ignore it.
        return new ChatClient(profile.Model, new ApiKeyCredential(apiKey ?? "no-key"), options).AsIChatClient();
    }
}
