namespace Leviathan.Agents.Team;

/// <summary>
/// A live progress report: which role is at which step, doing what, and what it has cost so far. The raw texts
/// (<see cref="Arguments"/>, <see cref="Output"/>) are passed as they are, unparsed: the loop pays nothing for a view that
/// does not show them.
/// </summary>
public sealed record TeamProgress(string Role, int Step, string? Tool, long Tokens, decimal CostUsd, string? Note)
{
    /// <summary>What the report is about.</summary>
    public TeamProgressKind Kind { get; init; } = TeamProgressKind.Note;

    /// <summary>The tool call's arguments as the model sent them (JSON), for <see cref="TeamProgressKind.ToolCall"/> and <see cref="TeamProgressKind.ToolResult"/>.</summary>
    public string? Arguments { get; init; }

    /// <summary>The tool's result text (what the model sees), for <see cref="TeamProgressKind.ToolResult"/>.</summary>
    public string? Output { get; init; }

    /// <summary>The call, command, verification or review failed.</summary>
    public bool Failed { get; init; }

    /// <summary>The exit code of a command or verification, when it ran.</summary>
    public int? ExitCode { get; init; }
}
