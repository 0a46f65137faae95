namespace Leviathan.Agents.Control;

/// <summary>Arguments of <c>todo_read</c> (none).</summary>
public sealed record TodoReadArguments;
