namespace Leviathan.Models.ToolCalls;

/// <summary>What <see cref="TextToolCallParser"/> found in a reply.</summary>
/// <param name="Format">The format the calls were written in (<see cref="TextToolCallFormats"/>); null when there were none.</param>
/// <param name="Thought">The reply's text without the calls' markup: the model's thought.</param>
/// <param name="Calls">The calls, good and broken, in order.</param>
internal sealed record TextToolCallParse(string? Format, string Thought, IReadOnlyList<TextToolCall> Calls);
