using System.Runtime.CompilerServices;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Profiles;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Recording;

/// <summary>Appends every successful exchange to a cassette. Failed calls are not recorded.</summary>
internal sealed class RecordingChatClient(IChatClient inner, ModelProfile profile, Cassette cassette, ILogger logger) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var request = RequestNormalizer.Normalize(profile.Model, list, options, cassette.Redactor);
        var response = await base.GetResponseAsync(list, options, cancellationToken);
        Record(request, response, options);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var request = RequestNormalizer.Normalize(profile.Model, list, options, cassette.Redactor);
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
        {
            updates.Add(update);
            yield return update;
        }

        Record(request, updates.ToChatResponse(), options);
    }

    private void Record(System.Text.Json.Nodes.JsonObject request, ChatResponse response, ChatOptions? options)
    {
        var hash = RequestNormalizer.Hash(request);
        var index = cassette.Append(profile.Name, request, hash, response, TextToolCallChatClient.ShapedFor(options));
        ModelLog.Cassette(logger, cassette.Path, "recorded", index, hash);
    }
}
