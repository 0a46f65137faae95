using Microsoft.Extensions.AI;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// A scripted model with a fixed latency per call: the planner writes one TODO, the engineer finishes, the critic accepts,
/// so a run is exactly three calls in a row.
/// </summary>
internal sealed class ScriptedRoleClient(string role, TimeSpan latency) : IChatClient
{
    private int _calls;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Timeline.Mark(role + " call");
        if (latency > TimeSpan.Zero)
        {
            await Task.Delay(latency, cancellationToken);
        }

        Timeline.Mark(role + " answered");
        var id = "call_" + Interlocked.Increment(ref _calls);
        var call = role switch
        {
            "planner" => new FunctionCallContent(id, "todo_write", new Dictionary<string, object?> { ["items"] = new[] { new Dictionary<string, object?> { ["id"] = "1", ["text"] = "finish", ["status"] = "pending" } } }),
            "critic" => new FunctionCallContent(id, "verdict", new Dictionary<string, object?> { ["accept"] = true, ["reasons"] = new[] { "verified" } }),
            _ => new FunctionCallContent(id, "finish", new Dictionary<string, object?> { ["summary"] = "nothing to change" }),
        };
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, [call])) { Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 } };
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("the benchmark model does not stream");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
        // Nothing to release.
    }
}
