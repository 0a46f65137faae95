namespace Leviathan.Tools.Edits;

/// <summary>The blocks read from one edit text and the format they came in.</summary>
internal sealed record EditScript(string Format, IReadOnlyList<EditBlock> Blocks);
