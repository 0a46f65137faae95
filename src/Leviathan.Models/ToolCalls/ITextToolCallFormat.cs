namespace Leviathan.Models.ToolCalls;

/// <summary>One way models write tool calls as text. Each format finds its own markup and nothing else.</summary>
internal interface ITextToolCallFormat
{
    /// <summary>The name from <see cref="TextToolCallFormats"/>.</summary>
    string Name { get; }

    /// <summary>
    /// Adds the calls written in this format in <paramref name="text"/> from <paramref name="from"/> on to <paramref name="calls"/>, good and broken.
    /// </summary>
    /// <param name="text">The reply's text.</param>
    /// <param name="from">Where to start looking (after a <c>&lt;think&gt;</c> block).</param>
    /// <param name="knownTools">The offered tool names; formats without unambiguous markup only accept these. Null: any name.</param>
    /// <param name="calls">Receives the calls, in order.</param>
    void Find(string text, int from, IReadOnlySet<string>? knownTools, List<TextToolCall> calls);
}
