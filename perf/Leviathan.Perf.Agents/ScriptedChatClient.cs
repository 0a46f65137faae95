using Microsoft.Extensions.AI;

namespace Leviathan.Perf.Agents;

/// <summary>A zero-latency model: the planner writes one TODO item, the engineer calls <paramref name="workTool"/> (todo_read, a no-op, by default) forever.</summary>
internal sealed class ScriptedChatClient(bool planner, string workTool = "todo_read") : IChatClient
{
    private int _calls;

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var id = "call_" + _calls++;
        var call = planner
            ? new FunctionCallContent(id, "todo_write", new Dictionary<string, object?> { ["items"] = new[] { new Dictionary<string, object?> { ["id"] = "1", ["text"] = "work", ["status"] = "pending" } } })
            : new FunctionCallContent(id, workTool, new Dictionary<string, object?>());
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 } });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the benchmark model does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
        // Nothing to release.
    }
}
