using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Leviathan.Agents.Prompts;
using Leviathan.Agents.Replay;
using Leviathan.Agents.Team;
using Leviathan.Cli.Hosting;
using Leviathan.Cli.Teams;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Commands;

/// <summary>
/// <c>leviathan runs replay ID --workspace DIR</c>: re-executes a recorded run with its recorded model answers and real
/// tools, sandbox and verification, in DIR (a copy of the workspace as it was when the run started), and reports whether
/// the outcome matches: the same status and the same tool calls.
/// </summary>
internal static class RunReplayCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = new Argument<string>("id") { Description = "The run (a unique id prefix is enough)" };
        var workspace = new Option<string>("--workspace") { Description = "A copy of the workspace as it was when the run started", Required = true };
        var sandbox = new Option<string?>("--sandbox") { Description = "bwrap (default), podman or none" };
        var json = new Option<bool>("--json") { Description = "Print whether the replay matches, its differences and the replay run's summary as one JSON object (snake_case)" };
        var command = new Command("replay", "Re-execute a recorded run with its recorded model answers and real tools; report whether the outcome matches") { id, workspace, sandbox, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var parse = context.ParseResult;
            var folder = Path.GetFullPath(parse.GetValue(workspace)!, context.Environment.WorkingDirectory);
            if (!Directory.Exists(folder))
            {
                throw CliException.Usage($"the workspace {folder} does not exist", "pass a copy of the workspace as it was when the run started");
            }

            RunRecord original;
            IReadOnlyList<TraceEvent> events;
            await using (var store = await StoreOpener.OpenAsync(context, cancellationToken))
            {
                original = await RunsCommands.ResolveAsync(store, parse.GetValue(id)!, cancellationToken);
                events = await store.ReadEventsAsync(original.Id, cancellationToken);
            }

            TeamRegistry.Default.CheckKnown(original);
            if (!original.Status.IsTerminal())
            {
                throw CliException.Usage($"run {original.Id} has not ended (status {original.Status.ToName()})", "replay a finished run");
            }

            var clients = new Dictionary<string, TeamRoleModel>(StringComparer.Ordinal);
            TeamRoleModel Models(string role)
            {
                if (!clients.TryGetValue(role, out var model))
                {
                    model = clients[role] = new TeamRoleModel(new TraceReplayChatClient(events, role), "replay", 1_000_000);
                }

                return model;
            }

            context.Override("sandbox:kind", parse.GetValue(sandbox));
            using var rebuilt = TeamRegistry.Default.Rebuild(context, new RecordedTeamRun(original, events, folder));
            var options = new TeamOptions
            {
                Goal = original.Goal,
                Workspace = folder,
                VerifyCommand = rebuilt.VerifyCommand,
                Budget = original.Budget,
                ParentRunId = original.Id,
            };
            var outcome = await RunCommand.LaunchAsync(
                context,
                options,
                new TeamLaunch(null, null, null, ApproveAll: true) { Team = rebuilt.Team, VerifyDescription = rebuilt.VerifyDescription, Models = Models, ModelDescription = $"replayed from the trace of run {original.Id}", Summary = !parse.GetValue(json) },
                cancellationToken);

            await using var reopened = await StoreOpener.OpenAsync(context, cancellationToken);
            var replayed = await reopened.ReadEventsAsync(outcome.RunId, cancellationToken);
            var differences = new List<string>();
            if (outcome.Status != original.Status)
            {
                differences.Add($"status: recorded {original.Status.ToName()}, replay {outcome.Status.ToName()}");
            }

            var before = Calls(events);
            var after = Calls(replayed);
            if (!before.SequenceEqual(after))
            {
                var at = before.Zip(after).TakeWhile(p => p.First == p.Second).Count();
                differences.Add($"tool calls differ from call {at + 1}: recorded {(at < before.Count ? before[at] : "(none)")}, replay {(at < after.Count ? after[at] : "(none)")}");
            }

            if (parse.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonObject
                {
                    ["original_run_id"] = original.Id.ToString(),
                    ["matches"] = differences.Count == 0,
                    ["differences"] = CliJson.Array(differences),
                    ["replay"] = RunCommand.OutcomeJson(outcome, committed: null),
                });
                return differences.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
            }

            if (differences.Count == 0)
            {
                await context.Stdout.WriteLineAsync($"replay matches run {original.Id}: status {outcome.Status.ToName()}, {before.Count} tool calls with the same results' errors and verification (replay run {outcome.RunId})");
                return ExitCodes.Success;
            }

            await context.Stdout.WriteLineAsync($"replay differs from run {original.Id} (replay run {outcome.RunId}):");
            foreach (var difference in differences)
            {
                await context.Stdout.WriteLineAsync("  " + difference);
            }

            return ExitCodes.Failed;
        });
    }

    /// <summary>Each tool call with whether its result was an error: what must repeat for the outcome to match.</summary>
    private static List<string> Calls(IReadOnlyList<TraceEvent> events)
    {
        var errors = events.Where(e => e.Kind == EventKind.ToolResult && e.ParentId is not null)
            .ToDictionary(e => e.ParentId!.Value, e => JsonDocument.Parse(e.PayloadJson).RootElement.GetProperty("is_error").GetBoolean());
        return [.. events.Where(e => e.Kind == EventKind.ToolCall)
            .Select(e => $"{e.Role}:{JsonDocument.Parse(e.PayloadJson).RootElement.GetProperty("name").GetString()}{(errors.GetValueOrDefault(e.Id) ? " (error)" : string.Empty)}")
            .Where(c => !c.StartsWith(TeamRoles.Orchestrator + ":", StringComparison.Ordinal) || c.Contains("verify", StringComparison.Ordinal))];
    }
}
