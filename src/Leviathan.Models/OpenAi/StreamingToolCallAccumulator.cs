using System.Text;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;
using OpenAI.Chat;

namespace Leviathan.Models.OpenAi;

/// <summary>Assembles tool calls from streamed deltas: the first delta of an index carries id and name, later ones append argument text.</summary>
internal sealed class StreamingToolCallAccumulator
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public bool HasCalls => _calls.Count > 0;

    public void Add(StreamingChatToolCallUpdate update)
    {
        if (!_calls.TryGetValue(update.Index, out var call))
        {
            call = (null, null, new StringBuilder());
        }

        call.Id ??= string.IsNullOrEmpty(update.ToolCallId) ? null : update.ToolCallId;
        call.Name ??= string.IsNullOrEmpty(update.FunctionName) ? null : update.FunctionName;
        if (update.FunctionArgumentsUpdate is { } arguments && !arguments.IsEmpty)
        {
            call.Arguments.Append(arguments.ToString());
        }

        _calls[update.Index] = call;
    }

    /// <summary>The assembled calls, in index order; clears the accumulator.</summary>
    public List<AIContent> Drain()
    {
        var result = _calls.Select(p => (AIContent)ToolCallArguments.Parse(
            p.Value.Id ?? $"call_{p.Key}", p.Value.Name ?? string.Empty, p.Value.Arguments.ToString())).ToList();
        _calls.Clear();
        return result;
    }
}
