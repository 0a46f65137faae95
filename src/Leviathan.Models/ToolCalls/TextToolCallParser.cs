using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Leviathan.Models.ToolCalls;

/// <summary>
/// Finds tool calls written as text in a reply, in the formats of <see cref="TextToolCallFormats"/> (tried in that order;
/// the first that finds a call decides), and turns them into <see cref="FunctionCallContent"/>s. A call that cannot be read
/// becomes a content with <see cref="FunctionCallContent.Exception"/> set, exactly like broken native arguments, so the
/// agent loop answers it with the same recoverable error. A <c>&lt;think&gt;</c> block before the answer is not searched.
/// </summary>
internal static class TextToolCallParser
{
    /// <summary>The name given to a broken call whose tool name could not be read.</summary>
    public const string UnknownToolName = "unknown_tool";

    private const string ThinkEnd = "</think>";

    private static readonly ITextToolCallFormat[] Formats =
    [
        new HermesToolCallFormat(),
        new LlamaToolCallFormat(),
        new MistralToolCallFormat(),
        new JsonToolCallFormat(),
        new ReActToolCallFormat(),
    ];

    /// <summary>Parses <paramref name="text"/>; <paramref name="knownTools"/> are the offered tool names (null: accept any).</summary>
    public static TextToolCallParse Parse(string text, IReadOnlySet<string>? knownTools)
    {
        ArgumentNullException.ThrowIfNull(text);
        var from = text.LastIndexOf(ThinkEnd, StringComparison.Ordinal) is var think and >= 0 ? think + ThinkEnd.Length : 0;
        if (text.AsSpan(from).IndexOfAny("<[`{:") < 0)
        {
            return new TextToolCallParse(null, text, []);
        }

        var calls = new List<TextToolCall>();
        foreach (var format in Formats)
        {
            format.Find(text, from, knownTools, calls);
            if (calls.Count > 0)
            {
                return new TextToolCallParse(format.Name, Thought(text, calls, format.Name), calls);
            }
        }

        return new TextToolCallParse(null, text, []);
    }

    /// <summary>
    /// The contents of a parsed reply: the thought (when there is one), then the calls. Call ids are derived from the text,
    /// so a replayed reply gets the same ids.
    /// </summary>
    public static List<AIContent> ToContents(TextToolCallParse parse, string text)
    {
        var contents = new List<AIContent>();
        if (parse.Thought.Length > 0)
        {
            contents.Add(new TextContent(parse.Thought));
        }

        var prefix = "call_" + Fnv1a(text).ToString("x8", CultureInfo.InvariantCulture) + "_";
        for (var i = 0; i < parse.Calls.Count; i++)
        {
            var call = parse.Calls[i];
            var id = prefix + i.ToString(CultureInfo.InvariantCulture);
            FunctionCallContent content;
            if (call.Problem is null)
            {
                content = ToolCallArguments.Parse(id, call.Name ?? UnknownToolName, call.ArgumentsText);
            }
            else
            {
                content = new FunctionCallContent(id, call.Name ?? UnknownToolName) { Exception = new JsonException(call.Problem) };
                content.AdditionalProperties ??= [];
                content.AdditionalProperties[ToolCallArguments.TextKey] = call.ArgumentsText;
            }

            content.AdditionalProperties ??= [];
            content.AdditionalProperties[ToolCallArguments.FormatKey] = parse.Format;
            contents.Add(content);
        }

        return contents;
    }

    private static string Thought(string text, List<TextToolCall> calls, string format)
    {
        var builder = new StringBuilder();
        var position = 0;
        foreach (var call in calls)
        {
            if (call.Start > position)
            {
                Append(builder, text.AsSpan(position, call.Start - position));
            }

            position = Math.Max(position, call.End);
        }

        if (position < text.Length)
        {
            Append(builder, text.AsSpan(position));
        }

        var thought = builder.ToString();
        if (format == TextToolCallFormats.ReAct && thought.StartsWith("Thought:", StringComparison.Ordinal))
        {
            thought = thought["Thought:".Length..].TrimStart();
        }

        return thought;

        static void Append(StringBuilder builder, ReadOnlySpan<char> piece)
        {
            piece = piece.Trim();
            if (piece.Length == 0)
            {
                return;
            }

            if (builder.Length > 0)
            {
                builder.Append("\n\n");
            }

            builder.Append(piece);
        }
    }

    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
