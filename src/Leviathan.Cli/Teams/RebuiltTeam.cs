using Leviathan.Agents.Team;

namespace Leviathan.Cli.Teams;

/// <summary>A recorded run's team, built again; owns what the team needs while it runs (e.g. simulation workers).</summary>
internal sealed class RebuiltTeam : IDisposable
{
    /// <summary>The team; null = the software team.</summary>
    public TeamDefinition? Team { get; init; }

    /// <summary>The verification command of the rebuilt run (the software team's); null = none.</summary>
    public string? VerifyCommand { get; init; }

    /// <summary>What the header says under <c>verify:</c> when the team proves its work without a command; null = the command.</summary>
    public string? VerifyDescription { get; init; }

    /// <summary>
    /// What the team's own command does once its run ends (a benchmark team keeps its proven benchmark); <c>runs resume</c>
    /// calls it after the resumed run and prints its line. Null = nothing.
    /// </summary>
    public Func<TeamOutcome, CancellationToken, Task<string?>>? AfterRun { get; init; }

    /// <summary>Disposed with the rebuilt team, after the run.</summary>
    public IDisposable? Resources { get; init; }

    public void Dispose() => Resources?.Dispose();
}
