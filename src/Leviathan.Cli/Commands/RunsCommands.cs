using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Cli.Hosting;
using Leviathan.Cli.Rendering;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Export;
using Leviathan.Persistence.Tracing;
using Spectre.Console;

namespace Leviathan.Cli.Commands;

/// <summary><c>leviathan runs list|show|export</c>: the record of every run.</summary>
internal static class RunsCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var runs = new Command("runs", "List, show and export recorded runs");
        runs.Subcommands.Add(List(environment));
        runs.Subcommands.Add(Show(environment));
        runs.Subcommands.Add(Export(environment));
        runs.Subcommands.Add(RunReplayCommand.Create(environment));
        runs.Subcommands.Add(RunResumeCommand.Create(environment));
        return runs;
    }

    private static Command List(CliEnvironment environment)
    {
        var status = new Option<string?>("--status") { Description = $"Only runs with this status ({string.Join(", ", RunStatusNames.All)}, or {RunRecord.InterruptedName}: running, but its process is gone)" };
        var limit = new Option<int>("--limit") { Description = "At most this many runs, newest first", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table" };
        var command = new Command("list", "List runs, newest first") { status, limit, json };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            RunStatus? wanted = null;
            bool? interrupted = null;
            if (context.ParseResult.GetValue(status) is { } name)
            {
                if (string.Equals(name, RunRecord.InterruptedName, StringComparison.OrdinalIgnoreCase))
                {
                    (wanted, interrupted) = (RunStatus.Running, true);
                }
                else if (!RunStatusNames.TryParse(name, out var parsed))
                {
                    throw CliException.Usage($"'{name}' is not a run status", $"use one of: {string.Join(", ", RunStatusNames.All)}, {RunRecord.InterruptedName}");
                }
                else
                {
                    wanted = parsed;
                    interrupted = parsed is RunStatus.Running or RunStatus.Pending ? false : null;
                }
            }

            var count = context.ParseResult.GetValue(limit);
            if (count < 1)
            {
                throw CliException.Usage($"--limit must be at least 1, not {count}");
            }

            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            IReadOnlyList<RunRecord> found;
            if (interrupted is { } only)
            {
                // Interrupted is derived (the owner process is gone), so the stored 'running' and 'pending' hold both; few runs are unfinished.
                var unfinished = only
                    ? [.. await store.ListRunsAsync(RunStatus.Running, int.MaxValue, cancellationToken), .. await store.ListRunsAsync(RunStatus.Pending, int.MaxValue, cancellationToken)]
                    : await store.ListRunsAsync(wanted, int.MaxValue, cancellationToken);
                found = [.. unfinished.Where(r => r.Interrupted == only).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).Take(count)];
            }
            else
            {
                found = await store.ListRunsAsync(wanted, count, cancellationToken);
            }

            if (context.ParseResult.GetValue(json))
            {
                using var output = new MemoryStream();
                using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true }))
                {
                    writer.WriteStartArray();
                    foreach (var run in found)
                    {
                        TraceExporter.WriteHeader(writer, run);
                    }

                    writer.WriteEndArray();
                }

                await context.Stdout.WriteLineAsync(Encoding.UTF8.GetString(output.ToArray()));
                return ExitCodes.Success;
            }

            if (found.Count == 0)
            {
                await context.Stdout.WriteLineAsync(wanted is null ? "no runs recorded yet" : $"no runs with status {context.ParseResult.GetValue(status)!.ToLowerInvariant()}");
                return ExitCodes.Success;
            }

            var shortIds = await RunShortIds.ForAsync(store, found, cancellationToken);
            var table = new Table().Border(TableBorder.Simple);
            table.AddColumns("ID", "STATUS", "CREATED", "STEPS", "TOKENS", "COST", "EVENTS", "GOAL");
            foreach (var run in found)
            {
                table.AddRow(
                    new Text(shortIds[run.Id]),
                    new Markup(StatusMarkup(run)),
                    new Text(run.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
                    new Text(run.Usage.Steps.ToString(CultureInfo.InvariantCulture)),
                    new Text((run.Usage.TokensIn + run.Usage.TokensOut).ToString(CultureInfo.InvariantCulture)),
                    new Text(run.Usage.CostUsd.ToString("0.####", CultureInfo.InvariantCulture)),
                    new Text(run.EventCount.ToString(CultureInfo.InvariantCulture)),
                    new Text(Shorten(run.Goal, 60)));
            }

            context.Out.Write(table);
            return ExitCodes.Success;
        });
    }

    private static Command Show(CliEnvironment environment)
    {
        var id = new Argument<string>("ID") { Description = "The run id, or a unique prefix of it" };
        var json = new Option<bool>("--json") { Description = "Print the run and its events as one JSON object" };
        var eventOption = new Option<long?>("--event") { Description = "Show only event N (its sequence number) whole, with what hangs under it and every payload field" };
        var full = new Option<bool>("--full") { Description = "Show every event whole: no excerpts, no lines cut to the terminal's width" };
        var diff = new Option<bool>("--diff") { Description = "Print the run's final diff (its run.patch artifact) instead" };
        var command = new Command("show", "Show a run: its summary and its event tree (reasoning, messages, arguments, the telling part of outputs)") { id, json, eventOption, full, diff };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            var run = await ResolveAsync(store, context.ParseResult.GetValue(id)!, cancellationToken);
            var events = await store.ReadEventsAsync(run.Id, cancellationToken);
            if (context.ParseResult.GetValue(json))
            {
                using var output = new MemoryStream();
                using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false }))
                {
                    writer.WriteStartObject();
                    writer.WritePropertyName("run");
                    TraceExporter.WriteHeader(writer, run);
                    writer.WriteStartArray("events");
                    foreach (var evt in events)
                    {
                        TraceExporter.WriteEvent(writer, evt);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                await context.Stdout.WriteLineAsync(Encoding.UTF8.GetString(output.ToArray()));
                return ExitCodes.Success;
            }

            if (context.ParseResult.GetValue(diff))
            {
                return await RunPatch.PrintAsync(context, store, run, cancellationToken);
            }

            var options = new RunViewOptions(context.Environment.Ansi, ViewWidth(context), context.ParseResult.GetValue(full));
            if (context.ParseResult.GetValue(eventOption) is { } sequence)
            {
                await context.Stdout.WriteAsync(RunView.RenderEvent(run, events, sequence, options));
                return ExitCodes.Success;
            }

            await context.Stdout.WriteAsync(RunView.Render(run, events, options));
            return ExitCodes.Success;
        });
    }

    private static Command Export(CliEnvironment environment)
    {
        var id = new Argument<string?>("ID") { Description = "The run id (or unique prefix) to export", Arity = ArgumentArity.ZeroOrOne };
        var all = new Option<bool>("--all") { Description = "Export every run, oldest first" };
        var evaluation = new Option<string?>("--evaluation") { Description = "Export the runs of this evaluation (id or unique prefix, see 'eval list'), oldest first, each with its judged outcome" };
        var output = new Option<string>("--out") { Description = "The JSON Lines file to write (docs/trace-format.md), or - for standard output", Required = true };
        var command = new Command("export", "Export runs as JSON Lines for analysis and training; a run of an evaluation carries its judged outcome") { id, all, evaluation, output };
        return command.Handle(environment, async (context, cancellationToken) =>
        {
            var runId = context.ParseResult.GetValue(id);
            var everything = context.ParseResult.GetValue(all);
            var evaluationId = context.ParseResult.GetValue(evaluation);
            if ((runId is null ? 0 : 1) + (everything ? 1 : 0) + (evaluationId is null ? 0 : 1) != 1)
            {
                throw CliException.Usage("give one of a run ID, --all or --evaluation ID", "for example: leviathan runs export --all --out runs.jsonl");
            }

            var toStdout = OutputPath.IsStdout(context.ParseResult.GetValue(output));
            var path = toStdout ? OutputPath.Stdout : OutputPath.Resolve(context, "--out", context.ParseResult.GetValue(output)!);
            await using var store = await StoreOpener.OpenAsync(context, cancellationToken);
            if (!toStdout && store.OwnFileAt(path) is { } own)
            {
                throw CliException.Usage($"--out {path} is {own} of the trace store; the export would overwrite the runs it reads", "write the export somewhere outside the Leviathan home's database and blobs");
            }

            IReadOnlyList<RunRecord> selected = everything
                ? (await store.ListRunsAsync(null, int.MaxValue, cancellationToken)).Reverse().ToList()
                : evaluationId is not null
                    ? await EvaluationRunsAsync(store, evaluationId, context.Time, cancellationToken)
                    : [await ResolveAsync(store, runId!, cancellationToken)];

            if (toStdout)
            {
                await using var stream = new TextWriterStream(context.Stdout);
                var written = await TraceExporter.ExportAsync(store, selected, stream, cancellationToken);
                await context.Stdout.FlushAsync(cancellationToken);
                await context.Stderr.WriteLineAsync($"exported {selected.Count} run(s), {written - selected.Count} event(s) to standard output");
                return ExitCodes.Success;
            }

            // Write beside the target and move into place, so a failed export never leaves half a file.
            var temp = path + $".partial-{Guid.NewGuid():N}";
            long lines;
            try
            {
                await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
                {
                    lines = await TraceExporter.ExportAsync(store, selected, file, cancellationToken);
                }

                File.Move(temp, path, overwrite: true);
            }
            finally
            {
                File.Delete(temp);
            }

            await context.Stderr.WriteLineAsync($"exported {selected.Count} run(s), {lines - selected.Count} event(s) to {path}");
            return ExitCodes.Success;
        });
    }

    private static async Task<IReadOnlyList<RunRecord>> EvaluationRunsAsync(TraceStore store, string idOrPrefix, TimeProvider time, CancellationToken cancellationToken)
    {
        var evaluations = new EvaluationStore(store, time);
        var found = await evaluations.FindAsync(idOrPrefix, cancellationToken)
            ?? throw CliException.Failed($"no evaluation (or more than one) has an id starting with '{idOrPrefix}'", "list the evaluations with 'leviathan eval list'");
        return [.. (await evaluations.RunsAsync(found.Id, cancellationToken)).Select(r => r.Run)];
    }

    /// <summary>Finds a run by full id or unique prefix, or fails with a message that says which.</summary>
    internal static async Task<RunRecord> ResolveAsync(TraceStore store, string idOrPrefix, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(idOrPrefix, out var full))
        {
            return await store.FindRunAsync(full, cancellationToken)
                ?? throw CliException.Failed($"there is no run {full}", "list the runs with 'leviathan runs list'");
        }

        if (idOrPrefix.Length > 36)
        {
            // Quoting all of it would bury the message; a run id is a GUID, 36 characters.
            throw CliException.Usage(
                string.Create(CultureInfo.InvariantCulture, $"'{idOrPrefix[..12]}…' ({idOrPrefix.Length:N0} characters) is not a run id: ids are 36 characters"),
                "give the full id or at least its first 4 characters, as 'leviathan runs list' shows them");
        }

        if (idOrPrefix.Length < 4 || !idOrPrefix.All(c => char.IsAsciiHexDigit(c) || c == '-'))
        {
            throw CliException.Usage($"'{idOrPrefix}' is not a run id", "give the full id or at least its first 4 characters, as 'leviathan runs list' shows them");
        }

        var matches = await store.FindRunsByPrefixAsync(idOrPrefix, 5, cancellationToken);
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw CliException.Failed($"there is no run whose id starts with '{idOrPrefix}'", "list the runs with 'leviathan runs list'"),
            _ => throw CliException.Usage(
                $"'{idOrPrefix}' matches several runs: {string.Join(", ", matches.Select(m => m.Id))}",
                "give more characters of the id"),
        };
    }

    /// <summary>The terminal's width, else <c>COLUMNS</c>, else <see cref="RunViewOptions.RedirectedWidth"/>.</summary>
    private static int ViewWidth(CliContext context)
    {
        if (context.Environment.Variables.GetValueOrDefault("COLUMNS") is { } columns
            && int.TryParse(columns, NumberStyles.Integer, CultureInfo.InvariantCulture, out var fromVariable) && fromVariable >= 40)
        {
            return fromVariable;
        }

        if (context.Environment.Ansi)
        {
            try
            {
                return Math.Max(40, Console.WindowWidth);
            }
            catch (IOException)
            {
                // No console after all.
            }
        }

        return RunViewOptions.RedirectedWidth;
    }

    internal static string StatusMarkup(RunRecord run) => run.Interrupted ? $"[yellow]{RunRecord.InterruptedName}[/]" : StatusMarkup(run.Status);

    internal static string StatusMarkup(RunStatus status) => status switch
    {
        RunStatus.Succeeded => "[green]succeeded[/]",
        RunStatus.Running or RunStatus.Pending => $"[blue]{status.ToName()}[/]",
        RunStatus.Cancelled => "[grey]cancelled[/]",
        _ => $"[red]{status.ToName()}[/]",
    };

    private static string Shorten(string text, int width)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= width ? line : line[..(width - 1)] + "…";
    }
}
