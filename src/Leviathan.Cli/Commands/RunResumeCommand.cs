using System.CommandLine;
using Leviathan.Agents.Team;
using Leviathan.Cli.Hosting;
using Leviathan.Cli.Teams;
using Leviathan.Core.Runs;
using Leviathan.Tools.Snapshots;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>leviathan runs resume ID</c>: continues a run that did not finish (its process died, or it was cancelled or hit an
/// infrastructure error). The workspace is rolled back to the run's start checkpoint, its completed steps are redone with
/// their recorded model answers and real tools, then the model takes over from the last completed step. The new run
/// names the old one as its parent; the old one is closed with a reason that points to the new one.
/// </summary>
internal static class RunResumeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = new Argument<string>("id") { Description = "The run (a unique id prefix is enough)" };
        var profile = new Option<string?>("--profile") { Description = "The model profile every role uses" };
        var replay = new Option<string?>("--replay-cassette") { Description = "Serve the model's side from this recorded cassette" };
        var sandbox = new Option<string?>("--sandbox") { Description = "bwrap (default), podman or none" };
        var approveAll = new Option<bool>("--approve-all") { Description = "Approve tool calls that policy rules mark 'confirm'" };
        var (maxSteps, budgetTokens, budgetUsd, maxMinutes) = RunLimitOptions.Create();
        maxSteps.Description = "New step limit for the resumed run, the redone steps included (default: the run's own)";
        budgetTokens.Description = "New token limit for the resumed run (default: the run's own)";
        budgetUsd.Description = "New money limit in US dollars for the resumed run (default: the run's own)";
        maxMinutes.Description = "New wall-clock limit in minutes for the resumed run (default: the run's own)";
        var json = RunCommand.JsonOption();
        var command = new Command("resume", "Continue a run whose process died, that was cancelled, ran out of budget or got stuck, from its last completed step, optionally with new limits")
        {
            id, profile, replay, sandbox, approveAll, maxSteps, budgetTokens, budgetUsd, maxMinutes, json,
        };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var given = RunLimitOptions.Given(parse, maxSteps, budgetTokens, budgetUsd, maxMinutes);
            RunRecord original;
            IReadOnlyList<Leviathan.Core.Tracing.TraceEvent> events;
            await using (var store = await StoreOpener.OpenAsync(context, cancellationToken))
            {
                original = await RunsCommands.ResolveAsync(store, parse.GetValue(id)!, cancellationToken);
                events = await store.ReadEventsAsync(original.Id, cancellationToken);
            }

            // An unknown team is refused before anything changes; a software run is never rebuilt as another team's.
            TeamRegistry.Default.CheckKnown(original);
            if (original.Status is not (RunStatus.Running or RunStatus.Pending or RunStatus.Cancelled or RunStatus.Error or RunStatus.BudgetExhausted or RunStatus.Stuck))
            {
                throw CliException.Usage(
                    $"run {original.Id} ended as {original.Status.ToName()}; only unfinished, cancelled, errored, budget_exhausted or stuck runs can be resumed",
                    "start a new run with the command that made it (leviathan run, leviathan bench attempt)");
            }

            if (original.Status == RunStatus.Stuck)
            {
                events = ResumePoint.BeforeLastIntervention(events);
            }

            if (original.Status is RunStatus.Running or RunStatus.Pending && !original.Interrupted && original.Owner is { } owner
                && string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal) && owner.StartMark is not null)
            {
                // Its process is alive on this machine: a second process on the same run and workspace would corrupt both.
                throw CliException.Failed(
                    $"run {original.Id} is still running (process {owner.ProcessId} on {owner.Host})",
                    "wait for it to end, or stop that process (Ctrl-C or kill) and resume it then");
            }

            if (original.Workspace is not { } workspace || !Directory.Exists(workspace))
            {
                throw CliException.Failed($"the workspace of run {original.Id} ({original.Workspace ?? "none"}) no longer exists", "a run can only be resumed in its own workspace");
            }

            // The team is rebuilt before the workspace is rolled back: what cannot be rebuilt (a lost benchmark file) changes nothing.
            using var rebuilt = TeamRegistry.Default.Rebuild(context, new RecordedTeamRun(original, events, workspace));
            var snapshots = new WorkspaceSnapshotStore(context.WorkspaceState(workspace), context.Time);
            var start = (await snapshots.ListAsync(cancellationToken)).LastOrDefault(s => s.Description == "run start")
                ?? throw CliException.Failed($"the workspace {workspace} has no 'run start' checkpoint to resume from", "the run was started without snapshots");
            await snapshots.RollbackAsync(start.Step, cancellationToken);
            await context.Stderr.WriteLineAsync($"resume: workspace rolled back to checkpoint {start.Step} (run start); redoing the completed steps of run {original.Id} with their recorded answers");

            context.Override("sandbox:kind", parse.GetValue(sandbox));
            var options = new TeamOptions
            {
                Goal = original.Goal,
                Workspace = workspace,
                VerifyCommand = rebuilt.VerifyCommand,
                Budget = original.Budget,
                ParentRunId = original.Id,
            };
            var replayPath = parse.GetValue(replay) is { } r ? Path.GetFullPath(r, context.Environment.WorkingDirectory) : null;
            Guid? resumedAs = null;
            try
            {
                var outcome = await RunCommand.LaunchAsync(
                    context,
                    options,
                    new TeamLaunch(parse.GetValue(profile), replayPath, null, parse.GetValue(approveAll))
                    {
                        Team = rebuilt.Team,
                        VerifyDescription = rebuilt.VerifyDescription,
                        Resume = events,
                        Limits = given,
                        LimitSource = $"run {original.Id.ToString()[..8]}'s own",
                        Json = parse.GetValue(json),
                    },
                    cancellationToken);
                resumedAs = outcome.RunId;
                if (rebuilt.AfterRun is { } after && await after(outcome, cancellationToken) is { } line)
                {
                    await context.Stdout.WriteLineAsync(line);
                }

                return outcome.Status == RunStatus.Succeeded ? ExitCodes.Success : ExitCodes.Failed;
            }
            finally
            {
                if (!original.Status.IsTerminal() && resumedAs is { } next)
                {
                    await using var store = await StoreOpener.OpenAsync(context, CancellationToken.None);
                    await store.CompleteRunAsync(original.Id, RunStatus.Error, $"the process died; resumed as run {next}", original.Usage, CancellationToken.None);
                }
            }
        });
    }
}
