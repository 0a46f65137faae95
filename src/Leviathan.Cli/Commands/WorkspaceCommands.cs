using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Leviathan.Cli.Hosting;
using Leviathan.Tools.Snapshots;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan workspace snapshots|diff|rollback</c>: inspect and undo the steps agents took in a workspace.</summary>
internal static class WorkspaceCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var workspace = new Command("workspace", "Inspect and undo agent steps in a workspace (checkpoints taken before each step that changes files)");
        workspace.Subcommands.Add(Snapshots(environment));
        workspace.Subcommands.Add(Diff(environment));
        workspace.Subcommands.Add(Rollback(environment));
        return workspace;
    }

    private static Command Snapshots(CliEnvironment environment)
    {
        var dir = Directory();
        var json = JsonOption("Print the checkpoints as a JSON array");
        var command = new Command("snapshots", "List the checkpoints: step, time, what ran") { dir, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var store = Store(context, dir);
            var snapshots = await Run(() => store.ListAsync(cancellationToken));
            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonArray([.. snapshots.Select(s => (JsonNode?)new JsonObject
                {
                    ["step"] = s.Step,
                    ["time"] = s.Time,
                    ["description"] = s.Description,
                    ["commit"] = s.Commit,
                })]));
                return ExitCodes.Success;
            }

            if (snapshots.Count == 0)
            {
                await context.Stderr.WriteLineAsync($"no snapshots of {store.Workspace} (Leviathan keeps them in {store.State.FullPath})");
            }

            foreach (var snapshot in snapshots)
            {
                await context.Stdout.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{snapshot.Step,5}  {snapshot.Time:yyyy-MM-dd HH:mm:ss}Z  {snapshot.Description}"));
            }

            return ExitCodes.Success;
        });
    }

    private static Command Diff(CliEnvironment environment)
    {
        var dir = Directory();
        var step = new Option<int?>("--step") { Description = "Show what this step changed (default: everything since the first checkpoint)" };
        var command = new Command("diff", "Show changes as a unified diff") { dir, step };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var store = Store(context, dir);
            var diff = await Run(() => store.DiffAsync(context.ParseResult.GetValue(step), cancellationToken));
            if (diff.Length == 0)
            {
                await context.Stderr.WriteLineAsync("no changes");
            }

            await context.Stdout.WriteAsync(diff);
            return ExitCodes.Success;
        });
    }

    private static Command Rollback(CliEnvironment environment)
    {
        var dir = Directory();
        var step = new Option<int>("--step") { Description = "Put the workspace back as it was before this step", Required = true };
        var json = JsonOption("Print what was restored as one JSON object");
        var command = new Command("rollback", "Undo a step and every step after it (the current state is checkpointed first)") { dir, step, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var store = Store(context, dir);
            var target = context.ParseResult.GetValue(step);
            var safety = await Run(() => store.RollbackAsync(target, cancellationToken));
            if (context.ParseResult.GetValue(json))
            {
                await CliJson.WriteAsync(context, new JsonObject { ["workspace"] = store.Workspace, ["restored_before_step"] = target, ["undo_step"] = safety });
                return ExitCodes.Success;
            }

            await context.Stdout.WriteLineAsync($"restored {store.Workspace} to its state before step {target}");
            await context.Stdout.WriteLineAsync($"the state before the rollback is step {safety}; undo with: leviathan workspace rollback {store.Workspace} --step {safety}");
            return ExitCodes.Success;
        });
    }

    private static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    private static Argument<string> Directory() => new("DIR") { Description = "The workspace folder" };

    private static WorkspaceSnapshotStore Store(CliContext context, Argument<string> dir)
    {
        var path = Path.GetFullPath(context.ParseResult.GetValue(dir)!, context.Environment.WorkingDirectory);
        if (!System.IO.Directory.Exists(path))
        {
            throw CliException.Usage($"the workspace {path} does not exist", "give the folder the agent worked in");
        }

        return new WorkspaceSnapshotStore(context.WorkspaceState(path), context.Time);
    }

    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (SnapshotException ex)
        {
            throw CliException.Failed(ex.Message, "'leviathan workspace snapshots DIR' lists the steps");
        }
    }
}
