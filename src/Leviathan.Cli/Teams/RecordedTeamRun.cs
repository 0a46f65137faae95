using Leviathan.Agents.Replay;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Teams;

/// <summary>A recorded run to rebuild: the run, its events, its recorded settings and the workspace the rebuilt run works in.</summary>
/// <param name="Run">The recorded run.</param>
/// <param name="Events">Its trace.</param>
/// <param name="Workspace">Where the rebuilt run works: the run's own workspace (resume) or a copy of it as it started (replay).</param>
internal sealed record RecordedTeamRun(RunRecord Run, IReadOnlyList<TraceEvent> Events, string Workspace)
{
    /// <summary>The settings recorded on the run's first status event.</summary>
    public RecordedRunSettings Settings { get; } = RecordedRunSettings.From(Events);
}
