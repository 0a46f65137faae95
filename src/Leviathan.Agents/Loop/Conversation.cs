using Leviathan.Models.Accounting;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Loop;

/// <summary>
/// One role's messages with a running token estimate. Each message is estimated once, when it is added, and again only
/// when it is replaced or trimmed, so a turn costs the same whatever the conversation's length. The tools offered to the
/// role are estimated once. The total always equals <see cref="TokenEstimator.EstimateInput"/> over the same messages.
/// </summary>
internal sealed class Conversation
{
    private readonly List<ChatMessage> _messages = [];
    private readonly List<long> _tokens = [];
    private readonly long _fixedTokens;
    private long _messageTokens;

    public Conversation(ChatOptions options)
    {
        Options = options;
        _fixedTokens = TokenEstimator.EstimateInput([], options);
    }

    /// <summary>The options (tools) sent with every request of this conversation.</summary>
    public ChatOptions Options { get; }

    /// <summary>The messages as sent to the model.</summary>
    public IReadOnlyList<ChatMessage> Messages => _messages;

    public int Count => _messages.Count;

    public ChatMessage this[int index] => _messages[index];

    /// <summary>The estimated prompt size of the next request: every message plus the tool definitions.</summary>
    public long EstimatedTokens => _fixedTokens + _messageTokens;

    /// <summary>Messages before this index have been through the ordinary trimming pass already.</summary>
    public int TrimmedBefore { get; set; } = 1;

    public void Add(ChatMessage message)
    {
        var tokens = Estimate(message);
        _messages.Add(message);
        _tokens.Add(tokens);
        _messageTokens += tokens;
    }

    public void AddRange(IEnumerable<ChatMessage> messages)
    {
        foreach (var message in messages)
        {
            Add(message);
        }
    }

    public void Replace(int index, ChatMessage message)
    {
        var tokens = Estimate(message);
        _messageTokens += tokens - _tokens[index];
        _messages[index] = message;
        _tokens[index] = tokens;
    }

    /// <summary>Replaces one content item of a message (trimming) and re-estimates that message only.</summary>
    public void ReplaceContent(int index, int contentIndex, AIContent content)
    {
        _messages[index].Contents[contentIndex] = content;
        var tokens = Estimate(_messages[index]);
        _messageTokens += tokens - _tokens[index];
        _tokens[index] = tokens;
    }

    /// <summary>Removes <paramref name="count"/> messages from <paramref name="index"/> on (trimming whole old exchanges).</summary>
    public void RemoveRange(int index, int count)
    {
        for (var i = index; i < index + count; i++)
        {
            _messageTokens -= _tokens[i];
        }

        _messages.RemoveRange(index, count);
        _tokens.RemoveRange(index, count);
        if (TrimmedBefore > index)
        {
            TrimmedBefore = index + Math.Max(0, TrimmedBefore - (index + count));
        }
    }

    /// <summary>Inserts a message (the note that says what was dropped).</summary>
    public void Insert(int index, ChatMessage message)
    {
        var tokens = Estimate(message);
        _messages.Insert(index, message);
        _tokens.Insert(index, tokens);
        _messageTokens += tokens;
        if (TrimmedBefore > index)
        {
            TrimmedBefore++;
        }
    }

    private static long Estimate(ChatMessage message) => TokenEstimator.EstimateInput([message], options: null);
}
