using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Evaluations;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Persistence.Export;

/// <summary>
/// Writes runs as JSON Lines in the <c>leviathan.trace/1</c> format (docs/trace-format.md): per run, a
/// header line, then one line per event in sequence order. A run that was an evaluation's attempt carries the
/// evaluation's judged outcome in its header (<c>evaluation</c>), so the export is training data with its label.
/// </summary>
public static class TraceExporter
{
    /// <summary>The format name written in every header line.</summary>
    public const string Schema = "leviathan.trace/1";

    /// <summary>Exports the given runs, in the given order; returns the number of lines written.</summary>
    public static async Task<long> ExportAsync(TraceStore store, IEnumerable<RunRecord> runs, Stream output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(runs);
        var selected = runs as IReadOnlyCollection<RunRecord> ?? runs.ToList();
        var judgements = await new EvaluationStore(store, TimeProvider.System).JudgementsAsync([.. selected.Select(r => r.Id)], cancellationToken);
        long lines = 0;
        var newline = "\n"u8.ToArray();
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, SkipValidation = false });
        foreach (var run in selected)
        {
            WriteHeader(json, run, judgements.GetValueOrDefault(run.Id));
            await json.FlushAsync(cancellationToken);
            json.Reset();
            await output.WriteAsync(newline, cancellationToken);
            lines++;

            await foreach (var evt in store.StreamEventsAsync(run.Id, cancellationToken))
            {
                WriteEvent(json, evt);
                await json.FlushAsync(cancellationToken);
                json.Reset();
                await output.WriteAsync(newline, cancellationToken);
                lines++;
            }
        }

        await output.FlushAsync(cancellationToken);
        return lines;
    }

    /// <summary>Writes a run header object (the first line of a run in an export).</summary>
    public static void WriteHeader(Utf8JsonWriter json, RunRecord run) => WriteHeader(json, run, null);

    /// <summary>Writes a run header object with the judged outcome of the evaluation it belongs to (null: none).</summary>
    public static void WriteHeader(Utf8JsonWriter json, RunRecord run, EvaluationJudgement? evaluation)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(run);
        json.WriteStartObject();
        json.WriteString("type", "run");
        json.WriteString("schema", Schema);
        json.WriteString("run_id", run.Id);
        json.WriteString("goal", run.Goal);
        json.WriteString("team", run.Team);
        WriteNullable(json, "model_profile", run.ModelProfile);
        WriteNullable(json, "workspace", run.Workspace);
        json.WriteString("status", run.Status.ToName());
        if (run.Interrupted)
        {
            // Derived, not stored: the run is 'running' but its process is gone (docs/trace-format.md).
            json.WriteBoolean("interrupted", true);
        }

        WriteNullable(json, "reason", run.Reason);
        json.WriteBoolean("success", run.Status == RunStatus.Succeeded);
        WriteNullable(json, "parent_run_id", run.ParentRunId?.ToString());
        json.WriteString("created_at", run.CreatedAt);
        WriteNullable(json, "started_at", run.StartedAt);
        WriteNullable(json, "ended_at", run.EndedAt);

        json.WriteStartObject("usage");
        json.WriteNumber("tokens_in", run.Usage.TokensIn);
        json.WriteNumber("tokens_out", run.Usage.TokensOut);
        json.WriteNumber("cost_usd", run.Usage.CostUsd);
        json.WriteNumber("steps", run.Usage.Steps);
        json.WriteNumber("wall_time_ms", (long)run.Usage.WallTime.TotalMilliseconds);
        json.WriteEndObject();

        json.WriteStartObject("budget");
        WriteNullable(json, "max_tokens", run.Budget.MaxTokens);
        if (run.Budget.MaxCostUsd is { } cost)
        {
            json.WriteNumber("max_cost_usd", cost);
        }
        else
        {
            json.WriteNull("max_cost_usd");
        }

        WriteNullable(json, "max_steps", run.Budget.MaxSteps);
        WriteNullable(json, "max_wall_time_ms", run.Budget.MaxWallTime is { } wall ? (long)wall.TotalMilliseconds : null);
        json.WriteEndObject();

        json.WriteStartObject("prompt_versions");
        foreach (var (role, version) in run.PromptVersions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            json.WriteString(role, version);
        }

        json.WriteEndObject();
        json.WriteNumber("event_count", run.EventCount);
        if (evaluation is not null)
        {
            json.WriteStartObject("evaluation");
            json.WriteString("id", evaluation.EvaluationId);
            WriteNullable(json, "item", evaluation.Item);
            if (evaluation.Judged is { } judged)
            {
                json.WriteBoolean("judged", judged);
            }
            else
            {
                json.WriteNull("judged");
            }

            json.WriteString("failure_category", evaluation.FailureCategory);
            WriteNullable(json, "judge_summary", evaluation.JudgeSummary);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>Writes one event object.</summary>
    public static void WriteEvent(Utf8JsonWriter json, TraceEvent evt)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(evt);
        json.WriteStartObject();
        json.WriteString("type", "event");
        json.WriteString("run_id", evt.RunId);
        json.WriteNumber("seq", evt.Sequence);
        json.WriteString("id", evt.Id);
        WriteNullable(json, "parent_id", evt.ParentId?.ToString());
        json.WriteString("kind", evt.Kind.ToName());
        WriteNullable(json, "role", evt.Role);
        json.WriteString("ts", evt.Timestamp);
        if (evt.Duration is { } duration)
        {
            json.WriteNumber("duration_ms", Math.Round(duration.TotalMilliseconds, 3));
        }
        else
        {
            json.WriteNull("duration_ms");
        }

        json.WritePropertyName("payload");
        WritePayload(json, evt.PayloadJson);
        json.WriteEndObject();
    }

    private static void WritePayload(Utf8JsonWriter json, string payload)
    {
        try
        {
            json.WriteRawValue(payload, skipInputValidation: false);
        }
        catch (JsonException)
        {
            // A payload stored by an older writer that is not JSON is kept, as a string, rather than lost.
            json.WriteStringValue(payload);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
