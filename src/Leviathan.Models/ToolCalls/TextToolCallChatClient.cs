using System.Runtime.CompilerServices;
using System.Text;
using Leviathan.Models.Diagnostics;
using Leviathan.Models.Errors;
using Leviathan.Models.Profiles;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Tool calls written as text, for servers without (reliable) native function calling. In <see cref="ToolCallMode.Text"/>
/// the offered tools are described in the system prompt instead of sent as <c>tools</c>, earlier calls and their results
/// go back as text (<see cref="TextToolCallPrompt"/>), and the reply's text is parsed into <see cref="FunctionCallContent"/>s
/// (<see cref="TextToolCallParser"/>). In <see cref="ToolCallMode.Auto"/> tools are sent natively and the text is parsed only
/// when the reply has no native call; a server that refuses native tools (llama.cpp without <c>--jinja</c>, Ollama models
/// without tool support) switches this client to text mode. Sits above accounting and recording, so cassettes hold the raw
/// server exchange and the token estimate sees what is really sent.
/// </summary>
internal sealed class TextToolCallChatClient(IChatClient inner, ModelProfile profile, ToolCallMode mode, ILogger logger) : DelegatingChatClient(inner)
{
    /// <summary>The key in <see cref="ChatResponse.AdditionalProperties"/> holding the format calls were parsed from.</summary>
    public const string FormatKey = ToolCallArguments.FormatKey;

    /// <summary>The key in <see cref="ChatResponse.AdditionalProperties"/> set when the server refused native tools and text mode took over.</summary>
    public const string FallbackKey = "tool_calls_fallback";

    /// <summary>The key in <see cref="ChatOptions.AdditionalProperties"/> marking a request shaped for text tool calls, for the cassette.</summary>
    private const string ShapedKey = "leviathan.tool_calls";

    /// <summary>Where the streamed text is held back: the start of any call markup, so that it is never shown as text.</summary>
    private static readonly string[] Markers = ["<tool_call>", "<function=", "[TOOL_CALLS]", "```", "Action:", "{"];

    private volatile string? _refusal;

    /// <summary>The mode in effect: <see cref="ToolCallMode.Text"/> once an auto client's server refused native tools.</summary>
    public ToolCallMode Mode => mode == ToolCallMode.Auto && _refusal is not null ? ToolCallMode.Text : mode;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var current = Mode;
        ChatResponse response;
        try
        {
            var (shaped, shapedOptions) = Shape(list, options, current);
            response = await base.GetResponseAsync(shaped, shapedOptions, cancellationToken).ConfigureAwait(false);
        }
        catch (ModelRequestException ex) when (current == ToolCallMode.Auto && RefusesTools(ex, options))
        {
            SwitchToText(ex);
            var (shaped, shapedOptions) = Shape(list, options, ToolCallMode.Text);
            response = await base.GetResponseAsync(shaped, shapedOptions, cancellationToken).ConfigureAwait(false);
            current = ToolCallMode.Text;
        }

        Parse(response, options, current);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? messages.ToList();
        var current = Mode;
        if (current == ToolCallMode.Native || options?.Tools is not { Count: > 0 } tools)
        {
            var (plain, plainOptions) = Shape(list, options, current);
            await foreach (var update in base.GetStreamingResponseAsync(plain, plainOptions, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var (shaped, shapedOptions) = Shape(list, options, current);
        var enumerator = base.GetStreamingResponseAsync(shaped, shapedOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            bool more;
            try
            {
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }
            catch (ModelRequestException ex) when (current == ToolCallMode.Auto && RefusesTools(ex, options))
            {
                SwitchToText(ex);
                await enumerator.DisposeAsync().ConfigureAwait(false);
                current = ToolCallMode.Text;
                (shaped, shapedOptions) = Shape(list, options, current);
                enumerator = base.GetStreamingResponseAsync(shaped, shapedOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }

            var text = new StringBuilder();
            var shown = 0;
            var held = false;
            var native = false;
            ChatResponseUpdate? last = null;
            while (more)
            {
                var update = enumerator.Current;
                last = update;
                native |= update.Contents.Any(c => c is FunctionCallContent);
                if (!update.Contents.Any(c => c is TextContent))
                {
                    yield return update;
                }
                else
                {
                    foreach (var content in update.Contents.OfType<TextContent>())
                    {
                        text.Append(content.Text);
                    }

                    // Text is passed on until a call's markup may have begun; from there it is held until the end.
                    var others = update.Contents.Where(c => c is not TextContent).ToList();
                    var safe = held ? shown : SafeLength(text, ref held);
                    if (safe > shown)
                    {
                        others.Insert(0, new TextContent(text.ToString(shown, safe - shown)));
                        shown = safe;
                    }

                    if (others.Count > 0)
                    {
                        yield return Copy(update, others);
                    }
                }

                more = await enumerator.MoveNextAsync().ConfigureAwait(false);
            }

            var rest = text.ToString(shown, text.Length - shown);
            var parse = native ? null : TextToolCallParser.Parse(text.ToString(), Names(tools));
            if (parse is { Calls.Count: > 0 })
            {
                ModelLog.TextToolCalls(logger, profile.Name, parse.Format!, parse.Calls.Count, parse.Calls.Count(c => c.Problem is not null));
                var contents = TextToolCallParser.ToContents(parse, text.ToString());

                // The thought was partly streamed already; only what was held back of it remains to be sent.
                var thought = contents.OfType<TextContent>().FirstOrDefault()?.Text ?? string.Empty;
                var streamed = text.ToString(0, shown).Trim();
                contents.RemoveAll(c => c is TextContent);
                if (thought.Length > streamed.Length && thought.StartsWith(streamed, StringComparison.Ordinal))
                {
                    contents.Insert(0, new TextContent(thought[streamed.Length..]));
                }

                yield return new ChatResponseUpdate(ChatRole.Assistant, contents)
                {
                    ResponseId = last?.ResponseId,
                    MessageId = last?.MessageId,
                    ModelId = last?.ModelId,
                    FinishReason = ChatFinishReason.ToolCalls,
                    AdditionalProperties = new AdditionalPropertiesDictionary { [FormatKey] = parse.Format },
                };
            }
            else if (rest.Length > 0)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, rest) { ResponseId = last?.ResponseId, MessageId = last?.MessageId, ModelId = last?.ModelId };
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary><see cref="ToolCallMode.Text"/> when <paramref name="options"/> belong to a request this client shaped for text tool calls.</summary>
    internal static ToolCallMode? ShapedFor(ChatOptions? options) =>
        options?.AdditionalProperties?.ContainsKey(ShapedKey) == true ? ToolCallMode.Text : null;

    private (IList<ChatMessage> Messages, ChatOptions? Options) Shape(IList<ChatMessage> messages, ChatOptions? options, ToolCallMode current)
    {
        switch (current)
        {
            case ToolCallMode.Text:
                var section = TextToolCallPrompt.Describe(options?.Tools);
                var textOptions = options?.Clone() ?? new ChatOptions();
                textOptions.Tools = null;
                textOptions.ToolMode = null;
                textOptions.AllowMultipleToolCalls = null;
                textOptions.AdditionalProperties = new AdditionalPropertiesDictionary(textOptions.AdditionalProperties ?? []) { [ShapedKey] = "text" };
                if (section is not null && !string.IsNullOrEmpty(options?.Instructions))
                {
                    textOptions.Instructions = options.Instructions.TrimEnd() + "\n\n" + section;
                    section = null;
                }

                return (TextToolCallPrompt.Shape(messages, allCalls: true, section), textOptions);
            case ToolCallMode.Auto when messages.Any(HasTextCalls):
                return (TextToolCallPrompt.Shape(messages, allCalls: false, toolSection: null), options);
            default:
                return (messages, options);
        }
    }

    private void Parse(ChatResponse response, ChatOptions? options, ToolCallMode current)
    {
        if (current == ToolCallMode.Native || options?.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        if (_refusal is not null)
        {
            response.AdditionalProperties ??= [];
            response.AdditionalProperties[FallbackKey] = _refusal;
        }

        var contents = response.Messages.SelectMany(m => m.Contents);
        if (contents.Any(c => c is FunctionCallContent))
        {
            return;
        }

        var message = response.Messages.LastOrDefault(m => m.Role == ChatRole.Assistant);
        var text = message is null ? string.Empty : string.Concat(message.Contents.OfType<TextContent>().Select(t => t.Text));
        if (text.Length == 0)
        {
            return;
        }

        var parse = TextToolCallParser.Parse(text, Names(tools));
        if (parse.Calls.Count == 0)
        {
            return;
        }

        ModelLog.TextToolCalls(logger, profile.Name, parse.Format!, parse.Calls.Count, parse.Calls.Count(c => c.Problem is not null));
        var parsed = TextToolCallParser.ToContents(parse, text);
        var rebuilt = new List<AIContent>();
        var placed = false;
        foreach (var content in message!.Contents)
        {
            if (content is TextContent)
            {
                if (!placed)
                {
                    rebuilt.AddRange(parsed);
                    placed = true;
                }
            }
            else
            {
                rebuilt.Add(content);
            }
        }

        message.Contents = rebuilt;
        message.AdditionalProperties ??= [];
        message.AdditionalProperties[TextToolCallPrompt.OriginalTextKey] = text;
        response.FinishReason = ChatFinishReason.ToolCalls;
        response.AdditionalProperties ??= [];
        response.AdditionalProperties[FormatKey] = parse.Format;
    }

    private void SwitchToText(ModelRequestException ex)
    {
        _refusal = ex.ServerMessage;
        ModelLog.NativeToolsRefused(logger, profile.Name, ex.ServerMessage);
    }

    private static bool RefusesTools(ModelRequestException ex, ChatOptions? options) => options?.Tools is { Count: > 0 } && ex.RefusesTools;

    private static bool HasTextCalls(ChatMessage message) =>
        message.Role == ChatRole.Assistant && message.Contents.Any(c => c is FunctionCallContent call && call.GetTextFormat() is not null);

    private static HashSet<string> Names(IList<AITool> tools) => tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>How much of <paramref name="text"/> can be shown: all of it up to the first place a call's markup could start.</summary>
    private static int SafeLength(StringBuilder text, ref bool held)
    {
        var value = text.ToString();
        var first = value.Length;
        foreach (var marker in Markers)
        {
            var index = value.IndexOf(marker, StringComparison.Ordinal);
            if (index >= 0 && index < first)
            {
                first = index;
                held = true;
            }
        }

        if (held)
        {
            return TrimTrailingSpace(value, first);
        }

        // A marker may be split across chunks: keep back a possible beginning of one.
        var keep = 0;
        foreach (var marker in Markers)
        {
            for (var length = Math.Min(marker.Length - 1, value.Length); length > keep; length--)
            {
                if (value.AsSpan(value.Length - length).SequenceEqual(marker.AsSpan(0, length)))
                {
                    keep = length;
                    break;
                }
            }
        }

        // White space is held too: before a call it belongs to no one.
        return TrimTrailingSpace(value, value.Length - keep);
    }

    private static int TrimTrailingSpace(string value, int length)
    {
        while (length > 0 && char.IsWhiteSpace(value[length - 1]))
        {
            length--;
        }

        return length;
    }

    private static ChatResponseUpdate Copy(ChatResponseUpdate update, IList<AIContent> contents) => new(update.Role, contents)
    {
        ResponseId = update.ResponseId,
        MessageId = update.MessageId,
        ModelId = update.ModelId,
        CreatedAt = update.CreatedAt,
        FinishReason = update.FinishReason,
        AdditionalProperties = update.AdditionalProperties,
        RawRepresentation = update.RawRepresentation,
    };
}
