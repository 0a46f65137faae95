using Leviathan.Agents.Software;
using Leviathan.Cli.Commands;
using Leviathan.Cli.Hosting;
using Leviathan.Core.Runs;
using Leviathan.Engineering.Teams;
using Leviathan.Engineering.Teams.Benchmarks;

namespace Leviathan.Cli.Teams;

/// <summary>
/// The teams whose runs <c>runs resume</c> and <c>runs replay</c> can rebuild: a run's recorded team name picks the
/// entry, and the entry builds the same team again from what the run recorded (its workspace, verification command and
/// team settings). A new team registers with one <see cref="Add"/> line in <see cref="Default"/>.
/// </summary>
internal sealed class TeamRegistry
{
    private readonly Dictionary<string, TeamRebuilder> _teams = new(StringComparer.Ordinal);

    /// <summary>Every team the command line launches.</summary>
    public static TeamRegistry Default { get; } = new TeamRegistry()
        .Add(SoftwareTeam.Name, static (_, recorded) => new RebuiltTeam { VerifyCommand = recorded.Settings.VerifyCommand })
        .Add(PhysicsTeam.Name, BenchAttemptCommands.Rebuild)
        .Add(BenchmarkTeam.Name, BenchCreateCommands.Rebuild);

    /// <summary>The names of the registered teams, in the order they were added.</summary>
    public IReadOnlyList<string> Names => [.. _teams.Keys];

    /// <summary>Registers how to rebuild the runs of <paramref name="team"/>.</summary>
    /// <exception cref="ArgumentException">The team is registered already.</exception>
    public TeamRegistry Add(string team, TeamRebuilder rebuild)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(team);
        ArgumentNullException.ThrowIfNull(rebuild);
        if (!_teams.TryAdd(team, rebuild))
        {
            throw new ArgumentException($"the team '{team}' is registered twice", nameof(team));
        }

        return this;
    }

    /// <summary>Rebuilds the team of a recorded run.</summary>
    /// <exception cref="CliException">The run's team is not registered, or its recorded settings cannot rebuild it.</exception>
    public RebuiltTeam Rebuild(CliContext context, RecordedTeamRun recorded)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        CheckKnown(recorded.Run);
        return _teams[recorded.Run.Team](context, recorded);
    }

    /// <summary>Fails fast, before anything changes, when the run's team is not registered.</summary>
    /// <exception cref="CliException">The run's team is not registered.</exception>
    public void CheckKnown(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!_teams.ContainsKey(run.Team))
        {
            throw CliException.Usage(
                $"run {run.Id} is a '{run.Team}' run, a team this leviathan cannot rebuild (known teams: {string.Join(", ", _teams.Keys)})",
                "start the run again with the command that made it, with a leviathan that has that team");
        }
    }
}
