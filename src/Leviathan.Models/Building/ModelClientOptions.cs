using Leviathan.Models.Accounting;
using Leviathan.Models.Recording;
using Leviathan.Models.Resilience;
using Leviathan.Models.ToolCalls;

namespace Leviathan.Models.Building;

/// <summary>What one client (one profile, usually one role in one run) is wired with.</summary>
public sealed record ModelClientOptions
{
    /// <summary>The run's usage ledger and budget guard; null means no accounting.</summary>
    public ModelUsageLedger? Ledger { get; init; }

    /// <summary>Record to, or replay from, this cassette; null talks to the server without recording.</summary>
    public Cassette? Cassette { get; init; }

    /// <summary>How calls are retried and cut off; null uses the profile's retries (<see cref="ModelResilienceOptions.For"/>).</summary>
    public ModelResilienceOptions? Resilience { get; init; }

    /// <summary>Overrides the profile's <see cref="Profiles.ModelProfile.ToolCalls"/> (as <c>models ping</c> does to see what the server does).</summary>
    public ToolCallMode? ToolCalls { get; init; }
}
