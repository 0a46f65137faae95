using Leviathan.Tools.Workspace;

namespace Leviathan.Tools.Contract;

/// <summary>What a tool handler may use: the workspace, the clock, the command runner, the limits.</summary>
/// <remarks>Cancellation is passed to every handler as a <see cref="CancellationToken"/> argument.</remarks>
public sealed record ToolContext(WorkspaceRoot Workspace)
{
    /// <summary>The clock for durations and timestamps.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Runs commands (a sandbox); null when this context may not run commands.</summary>
    public ICommandRunner? Commands { get; init; }

    /// <summary>Output and timeout limits.</summary>
    public ToolOptions Options { get; init; } = new();
}
