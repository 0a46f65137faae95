using System.Runtime.CompilerServices;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Recording;

/// <summary>
/// Answers from a cassette instead of a server. A request is matched by the hash of its normalized form, else by its
/// place in the conversation (<see cref="RequestShape"/>: tool output may differ); a request the recorded run did not
/// make fails with <see cref="CassetteDivergenceException"/>, the first difference and a diff. Streaming calls replay the
/// recorded answer as updates, so a run may switch between streaming and not without diverging.
/// </summary>
internal sealed class ReplayingChatClient(ModelProfile profile, Cassette cassette, ILogger logger) : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Answer(messages, options));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = Answer(messages, options);
        foreach (var update in response.ToChatResponseUpdates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }

        await Task.CompletedTask;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ModelProfile) ? profile
        : serviceType == typeof(Cassette) ? cassette
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The cassette is shared by the run's clients.
    }

    private ChatResponse Answer(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var request = RequestNormalizer.Normalize(profile.Model, messages, options, cassette.Redactor);
        var hash = RequestNormalizer.Hash(request);
        var (index, response) = cassette.Take(request, hash);
        ModelLog.Cassette(logger, cassette.Path, "replayed", index, hash);
        return response;
    }
}
