using System.Runtime.CompilerServices;
using System.Text.Json;
using Leviathan.Core.Tracing;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Replay;

/// <summary>
/// Answers a role's model calls with the assistant messages (and their tool calls) recorded in a run's trace, in order.
/// Used by <c>runs replay</c>: the tools run for real, only the model's side comes from the record.
/// </summary>
public sealed class TraceReplayChatClient : IChatClient
{
    private readonly Queue<ChatResponse> _responses;
    private readonly IChatClient? _then;

    /// <param name="events">The recorded run's events.</param>
    /// <param name="role">The role whose answers to serve.</param>
    /// <param name="then">Where calls go once the recorded answers are used up (resuming a run); null = that is an error (replay).</param>
    public TraceReplayChatClient(IReadOnlyList<TraceEvent> events, string role, IChatClient? then = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        _then = then;
        // An answer whose tool calls did not all get results belongs to the step the process died in: it is redone live.
        var answered = events.Where(e => e.Kind == EventKind.ToolResult && e.ParentId is not null).Select(e => e.ParentId!.Value).ToHashSet();
        _responses = new Queue<ChatResponse>(
            events.Where(e => e.Kind == EventKind.Message && e.Role == role && Field(e, "role") == "assistant")
                .TakeWhile(m => events.Where(c => c.Kind == EventKind.ToolCall && c.ParentId == m.Id).All(c => answered.Contains(c.Id)))
                .Select(m => ToResponse(m, events)));
    }

    /// <summary>Recorded answers not yet given.</summary>
    public int Remaining => _responses.Count;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _responses.TryDequeue(out var response)
            ? Task.FromResult(response)
            : _then is not null ? _then.GetResponseAsync(messages, options, cancellationToken)
            : throw new InvalidOperationException("the replay asked the model more often than the recorded run did: no recorded answer is left");
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
        // Nothing to release.
    }

    private static ChatResponse ToResponse(TraceEvent message, IReadOnlyList<TraceEvent> events)
    {
        using var document = JsonDocument.Parse(message.PayloadJson);
        var root = document.RootElement;
        var contents = new List<AIContent>();
        if (root.TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
        {
            contents.Add(new TextContent(text));
        }

        foreach (var call in events.Where(e => e.Kind == EventKind.ToolCall && e.ParentId == message.Id))
        {
            using var callDocument = JsonDocument.Parse(call.PayloadJson);
            var payload = callDocument.RootElement;
            var arguments = payload.TryGetProperty("arguments", out var parsed) ? parsed.GetRawText() : payload.GetProperty("arguments_raw").GetString();
            var format = payload.TryGetProperty("format", out var written) ? written.GetString() : null;
            contents.Add(ToolCallArguments.Parse(payload.GetProperty("call_id").GetString()!, payload.GetProperty("name").GetString()!, arguments).WithTextFormat(format));
        }

        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, contents));
        if (root.TryGetProperty("usage", out var usage))
        {
            response.Usage = new UsageDetails
            {
                InputTokenCount = usage.TryGetProperty("tokens_in", out var input) && input.ValueKind == JsonValueKind.Number ? input.GetInt64() : null,
                OutputTokenCount = usage.TryGetProperty("tokens_out", out var output) && output.ValueKind == JsonValueKind.Number ? output.GetInt64() : null,
            };
        }

        if (root.TryGetProperty("model", out var model))
        {
            response.ModelId = model.GetString();
        }

        return response;
    }

    private static string? Field(TraceEvent e, string name)
    {
        using var document = JsonDocument.Parse(e.PayloadJson);
        return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
