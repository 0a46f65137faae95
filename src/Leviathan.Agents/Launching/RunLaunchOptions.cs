using Leviathan.Persistence.Tracing;

namespace Leviathan.Agents.Launching;

/// <summary>What every run a <see cref="RunLauncher"/> launches shares: the Leviathan home, the trace store, the clock and the environment.</summary>
public sealed record RunLaunchOptions
{
    /// <summary>
    /// The Leviathan home: host-side state about each workspace lives under <c>&lt;home&gt;/workspaces/</c>, and the user's
    /// policy is <c>&lt;home&gt;/config.yaml</c>.
    /// </summary>
    public required string Home { get; init; }

    /// <summary>Where runs are recorded. The caller owns it; runs launched at the same time share it.</summary>
    public required TraceStore Store { get; init; }

    /// <summary>The clock of the runs (limits, durations, timestamps).</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Reads environment variables: the profiles' API keys and the user's <c>HOME</c> (a workspace may not be it).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
