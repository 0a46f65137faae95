using Leviathan.Cli.Hosting;

namespace Leviathan.Cli.Teams;

/// <summary>Builds a recorded run's team again, for <c>runs resume</c> and <c>runs replay</c>.</summary>
/// <param name="context">The command's context (configuration, home, clock).</param>
/// <param name="recorded">The run, its events and the workspace the rebuilt run works in.</param>
/// <returns>The team and how the rebuilt run is verified; dispose it when the run has ended.</returns>
/// <exception cref="CliException">What the run recorded cannot rebuild the team (e.g. its benchmark file is gone); the message says why.</exception>
internal delegate RebuiltTeam TeamRebuilder(CliContext context, RecordedTeamRun recorded);
