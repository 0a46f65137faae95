using System.Globalization;
using Leviathan.Models.Accounting;
using Microsoft.Extensions.AI;

namespace Leviathan.Agents.Loop;

/// <summary>
/// Keeps a conversation inside a model's context window. When the prompt's size passes the limit (counted with the
/// model's tokenizer when one is given, else the conversation's character estimate), first the images of old messages
/// are replaced by a note naming their artifact, then the oldest tool outputs and long user messages (never the system prompt, the task or the last few messages) are replaced by a
/// one-line note; then whole old exchanges are dropped (the system prompt and the task stay). If the recent messages
/// alone do not fit, the context has overflowed: all but the last exchange go and the recent tool outputs are cut
/// too. Returns what was dropped; a conversation that still does not fit must not be sent.
/// </summary>
internal static class ContextTrimmer
{
    public const int KeepRecentMessages = 6;

    private const string DroppedPrefix = "[dropped:";
    private const int KeptOutputChars = 200;
    private const int KeptUserChars = 1000;
    private const string DroppedExchangesNote = DroppedPrefix + " earlier messages were removed to fit the context window; the TODO list and the workspace files are current]";

    /// <summary>Images a conversation keeps by default: enough for one filmstrip and a render, not a whole run's pictures.</summary>
    public const int KeepRecentImages = 6;

    /// <summary>The start of the note that stands for an image removed from the context.</summary>
    public const string DroppedImagePrefix = "[image removed:";

    /// <summary>
    /// Keeps only the <paramref name="keep"/> most recent images of the conversation: each older image is replaced by a
    /// one-line note naming its artifact, so that a long run with renders and filmstrips does not fill the context with
    /// pictures it has already acted on. Runs before every request, whatever the prompt's size. Returns the artifacts removed.
    /// </summary>
    public static IReadOnlyList<string> DropOldImages(Conversation conversation, int keep = KeepRecentImages)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var dropped = new List<string>();
        var seen = 0;
        for (var i = conversation.Count - 1; i >= 0; i--)
        {
            var contents = conversation[i].Contents;
            for (var j = contents.Count - 1; j >= 0; j--)
            {
                if (contents[j] is not DataContent { } image || !image.HasTopLevelMediaType("image") || ++seen <= keep)
                {
                    continue;
                }

                var name = image.Name ?? "an image";
                conversation.ReplaceContent(i, j, ImageNote(name));
                dropped.Add(name);
            }
        }

        dropped.Reverse();
        return dropped;
    }

    private static TextContent ImageNote(string name) => new($"{DroppedImagePrefix} {name} — older images leave the context; draw it again to see it]");

    /// <summary>Tokens a prompt may use in a window: the window less room for the answer, with a margin for estimation error.</summary>
    public static long Limit(int contextWindow) => Math.Max(256, (long)(contextWindow * 0.8) - 1024);

    /// <param name="conversation">The conversation to trim in place.</param>
    /// <param name="contextWindow">The model's window in tokens.</param>
    /// <param name="counter">The model's tokenizer; null (or an inexact counter) keeps the conversation's estimate.</param>
    public static TrimResult Trim(Conversation conversation, int contextWindow, ITokenCounter? counter = null)
    {
        var limit = Limit(contextWindow);
        var tally = new Tally(conversation, counter is { IsExact: true } ? counter : null);
        var dropped = new List<string>();
        if (tally.Tokens <= limit)
        {
            return new TrimResult(dropped, tally.Tokens, limit, Overflowed: false);
        }

        // Images first: a picture outweighs most text, and the text around it (the tool's description) stays.
        var end = conversation.Count - KeepRecentMessages;
        for (var k = 1; k < end && tally.Tokens > limit; k++)
        {
            var contents = conversation[k].Contents;
            for (var j = 0; j < contents.Count && tally.Tokens > limit; j++)
            {
                if (contents[j] is DataContent image && image.HasTopLevelMediaType("image"))
                {
                    var name = image.Name ?? "an image";
                    tally.ReplaceContent(k, j, ImageNote(name));
                    dropped.Add("image " + name);
                }
            }
        }

        // Ordinary pass: old outputs, oldest first, each message at most once.
        var i = Math.Max(1, conversation.TrimmedBefore);
        for (; i < end && tally.Tokens > limit; i++)
        {
            Shorten(tally, i, dropped);
        }

        conversation.TrimmedBefore = Math.Max(conversation.TrimmedBefore, i);
        if (tally.Tokens <= limit)
        {
            return new TrimResult(dropped, tally.Tokens, limit, Overflowed: false);
        }

        // A long run: whole old exchanges go, the recent messages stay.
        DropOldExchanges(tally, limit, keepRecent: KeepRecentMessages, dropped);
        if (tally.Tokens <= limit)
        {
            return new TrimResult(dropped, tally.Tokens, limit, Overflowed: false);
        }

        // Overflow: the recent messages alone do not fit. Everything but the last exchange goes, then recent outputs are cut.
        DropOldExchanges(tally, limit, keepRecent: 0, dropped);
        for (var j = 1; j < conversation.Count && tally.Tokens > limit; j++)
        {
            Shorten(tally, j, dropped);
        }

        return new TrimResult(dropped, tally.Tokens, limit, Overflowed: true);
    }

    private static void Shorten(Tally tally, int index, List<string> dropped)
    {
        var conversation = tally.Conversation;
        var message = conversation[index];
        for (var j = 0; j < message.Contents.Count; j++)
        {
            if (message.Contents[j] is FunctionResultContent { Result: string text } result && !text.StartsWith(DroppedPrefix, StringComparison.Ordinal) && text.Length > KeptOutputChars)
            {
                tally.ReplaceContent(index, j, new FunctionResultContent(result.CallId, string.Create(CultureInfo.InvariantCulture, $"{DroppedPrefix} {text.Length} characters of old output removed to fit the context window]")));
                dropped.Add(string.Create(CultureInfo.InvariantCulture, $"{result.CallId}: {text.Length} chars"));
            }
            else if (message.Contents[j] is TextContent { Text.Length: > 2 * KeptUserChars } longText && message.Role == ChatRole.User)
            {
                var removed = longText.Text.Length - KeptUserChars;
                tally.ReplaceContent(index, j, new TextContent(longText.Text[..KeptUserChars] + string.Create(CultureInfo.InvariantCulture, $"\n{DroppedPrefix} {removed} characters removed to fit the context window]")));
                dropped.Add(string.Create(CultureInfo.InvariantCulture, $"message {index}: {removed} chars"));
            }
        }
    }

    /// <summary>
    /// Removes whole exchanges after the system prompt and the task (an assistant message goes with its tool results, so
    /// no result is left without its call), oldest first, never the last exchange; a note says that messages are missing.
    /// </summary>
    private static void DropOldExchanges(Tally tally, long limit, int keepRecent, List<string> dropped)
    {
        var conversation = tally.Conversation;
        var start = 2;
        if (conversation.Count <= start)
        {
            return;
        }

        // The first message to keep: the last exchange at least, and everything from keepRecent messages back.
        var lastExchange = Math.Max(start, conversation.Count - 1 - keepRecent);
        while (lastExchange > start && conversation[lastExchange].Role == ChatRole.Tool)
        {
            lastExchange--;
        }

        // The note goes in first, so that what is removed makes room for it too (added after, it could push the
        // prompt back over the limit and make an ordinary trim look like an overflow).
        var inserted = conversation[start].Text != DroppedExchangesNote;
        if (inserted)
        {
            tally.Insert(start, new ChatMessage(ChatRole.User, DroppedExchangesNote));
            lastExchange++;
        }

        start++;
        var removed = 0;
        var calls = new List<string>();
        while (start < lastExchange && tally.Tokens > limit)
        {
            var length = 1;
            while (start + length < lastExchange && conversation[start + length].Role == ChatRole.Tool)
            {
                length++;
            }

            calls.AddRange(conversation[start].Contents.OfType<FunctionCallContent>().Select(c => c.Name));
            tally.RemoveRange(start, length);
            lastExchange -= length;
            removed += length;
        }

        if (removed == 0)
        {
            if (inserted)
            {
                tally.RemoveRange(2, 1);
            }

            return;
        }

        dropped.Add(string.Create(CultureInfo.InvariantCulture, $"{removed} earlier messages{(calls.Count > 0 ? " (calls: " + string.Join(", ", calls) + ")" : string.Empty)}"));
    }

    /// <summary>
    /// The prompt's size while trimming: the conversation's own estimate, or with a tokenizer one count per message kept
    /// in step with every change (the counter remembers long texts, so a conversation is tokenized once, not per step).
    /// </summary>
    private sealed class Tally
    {
        private readonly ITokenCounter? _counter;
        private readonly List<long> _tokens = [];
        private readonly long _fixed;
        private long _messages;

        public Tally(Conversation conversation, ITokenCounter? counter)
        {
            Conversation = conversation;
            _counter = counter;
            if (counter is null)
            {
                return;
            }

            _fixed = TokenEstimator.CountInput([], conversation.Options, counter);
            foreach (var message in conversation.Messages)
            {
                _tokens.Add(Count(message));
                _messages += _tokens[^1];
            }
        }

        public Conversation Conversation { get; }

        public long Tokens => _counter is null ? Conversation.EstimatedTokens : _fixed + _messages;

        public void ReplaceContent(int index, int contentIndex, AIContent content)
        {
            Conversation.ReplaceContent(index, contentIndex, content);
            if (_counter is not null)
            {
                var tokens = Count(Conversation[index]);
                _messages += tokens - _tokens[index];
                _tokens[index] = tokens;
            }
        }

        public void RemoveRange(int index, int count)
        {
            Conversation.RemoveRange(index, count);
            if (_counter is not null)
            {
                _messages -= _tokens.Skip(index).Take(count).Sum();
                _tokens.RemoveRange(index, count);
            }
        }

        public void Insert(int index, ChatMessage message)
        {
            Conversation.Insert(index, message);
            if (_counter is not null)
            {
                _tokens.Insert(index, Count(message));
                _messages += _tokens[index];
            }
        }

        private long Count(ChatMessage message) => TokenEstimator.CountInput([message], options: null, _counter!);
    }
}
