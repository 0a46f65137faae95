namespace Leviathan.Models.ToolCalls;

/// <summary>One tool call found in a reply's text, before it becomes a <see cref="Microsoft.Extensions.AI.FunctionCallContent"/>.</summary>
/// <param name="Name">The tool name; null when the call could not be read far enough to find it.</param>
/// <param name="ArgumentsText">The arguments as JSON text, or the raw text of a call that could not be read.</param>
/// <param name="Problem">Why the call cannot be used (broken JSON, no name, …); null for a good call.</param>
/// <param name="Start">Where the call's markup starts in the reply.</param>
/// <param name="End">Where it ends (exclusive).</param>
internal sealed record TextToolCall(string? Name, string ArgumentsText, string? Problem, int Start, int End);
