using System.Globalization;
using System.Text;
using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;

namespace Leviathan.Cli.Rendering;

/// <summary>
/// The text of <c>runs show</c>: a summary, then the event tree (tool calls and results nested under
/// the message that made them), with durations and errors highlighted. Built as one string, without a
/// markup pass per line, so that a run of ten thousand events prints at once.
/// </summary>
internal static class RunView
{
    private const string Red = "\u001b[31m";
    private const string Dim = "\u001b[2m";
    private const string Reset = "\u001b[0m";

    public static string Render(RunRecord run, IReadOnlyList<TraceEvent> events, bool ansi) => Render(run, events, new RunViewOptions(ansi, RunViewOptions.RedirectedWidth, Full: false));

    public static string Render(RunRecord run, IReadOnlyList<TraceEvent> events, RunViewOptions options)
    {
        var text = new StringBuilder(256 + (events.Count * 100));
        text.Append("run       ").Append(run.Id).Append('\n');
        text.Append("goal      ").Append(run.Goal.ReplaceLineEndings(" ")).Append('\n');
        text.Append("status    ").Append(run.DisplayStatus);
        if (run.Interrupted)
        {
            text.Append(" — its process (").Append(run.Owner!.ProcessId).Append(" on ").Append(run.Owner.Host)
                .Append(") is gone; continue it with: leviathan runs resume ").Append(run.Id);
        }
        else if (run.Reason is not null)
        {
            text.Append(" — ").Append(run.Reason.ReplaceLineEndings(" "));
        }

        text.Append('\n');
        text.Append("team      ").Append(run.Team);
        if (run.ModelProfile is not null)
        {
            text.Append("   profile ").Append(run.ModelProfile);
        }

        text.Append('\n');
        if (run.Workspace is not null)
        {
            text.Append("workspace ").Append(run.Workspace).Append('\n');
        }

        text.Append("created   ").Append(run.CreatedAt.ToString("u", CultureInfo.InvariantCulture));
        if (run.StartedAt is { } started)
        {
            text.Append("   started ").Append(started.ToString("u", CultureInfo.InvariantCulture));
        }

        if (run.EndedAt is { } ended)
        {
            text.Append("   ended ").Append(ended.ToString("u", CultureInfo.InvariantCulture));
        }

        text.Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"usage     {run.Usage.Steps} steps, {run.Usage.TokensIn} tokens in, {run.Usage.TokensOut} out, ${run.Usage.CostUsd:0.####}, {run.Usage.WallTime.TotalSeconds:0.#} s\n");
        if (run.ParentRunId is { } parent)
        {
            text.Append("parent    ").Append(parent).Append('\n');
        }

        AppendPolicy(text, events);
        if (events.LastOrDefault(e => e.Kind == EventKind.Artifact && e.PayloadJson.Contains("\"run.patch\"", StringComparison.Ordinal)) is not null)
        {
            text.Append("diff      run.patch: leviathan runs show ").Append(run.Id).Append(" --diff\n");
        }

        var errors = events.Count(EventSummary.IsError);
        text.Append(CultureInfo.InvariantCulture, $"events    {events.Count}{(errors > 0 ? $", {errors} error(s)" : string.Empty)}\n\n");
        AppendEvents(text, events, events.Count > 0 ? events[0].Timestamp : run.CreatedAt, options);
        return text.ToString();
    }

    /// <summary>The event tree alone (for <c>--event N</c>: one event and what hangs under it).</summary>
    public static void AppendEvents(StringBuilder text, IReadOnlyList<TraceEvent> events, DateTimeOffset start, RunViewOptions options)
    {

        var position = new Dictionary<Guid, int>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            position[events[i].Id] = i;
        }

        var children = new Dictionary<int, List<int>>();
        var roots = new List<int>();
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].ParentId is { } parentId && position.TryGetValue(parentId, out var parentIndex))
            {
                if (!children.TryGetValue(parentIndex, out var list))
                {
                    children[parentIndex] = list = [];
                }

                list.Add(i);
            }
            else
            {
                roots.Add(i);
            }
        }

        var order = new List<(int Index, int Depth)>(events.Count);
        var stack = new Stack<(int Index, int Depth)>();
        for (var i = roots.Count - 1; i >= 0; i--)
        {
            stack.Push((roots[i], 0));
        }

        while (stack.Count > 0)
        {
            var (index, depth) = stack.Pop();
            order.Add((index, depth));
            if (children.TryGetValue(index, out var list))
            {
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    stack.Push((list[i], depth + 1));
                }
            }
        }

        // Describing an event parses its JSON payload: the bulk of the work for a long run, spread over the cores.
        var lines = new string[order.Count];
        Parallel.For(0, order.Count, i =>
        {
            var line = new StringBuilder(160);
            AppendLine(line, events[order[i].Index], order[i].Depth, start, options);
            lines[i] = line.ToString();
        });
        foreach (var line in lines)
        {
            text.Append(line);
        }
    }

    /// <summary><c>--event N</c>: one event whole, every payload field, and the events that hang under it (a call's result).</summary>
    public static string RenderEvent(RunRecord run, IReadOnlyList<TraceEvent> events, long sequence, RunViewOptions options)
    {
        var index = -1;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i].Sequence == sequence)
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            throw new Hosting.CliException(
                string.Create(CultureInfo.InvariantCulture, $"run {run.Id} has no event {sequence}; its events are numbered 1 to {events.Count}"),
                "leviathan runs show ID lists them with their numbers",
                Hosting.ExitCodes.Usage);
        }

        var subtree = new HashSet<Guid> { events[index].Id };
        var selected = new List<TraceEvent> { events[index] };
        for (var i = index + 1; i < events.Count; i++)
        {
            if (events[i].ParentId is { } parent && subtree.Contains(parent))
            {
                subtree.Add(events[i].Id);
                selected.Add(events[i]);
            }
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"run       {run.Id}\nevent     {sequence} of {events.Count}\n\n");
        AppendEvents(text, selected, events[0].Timestamp, options with { Full = true, AllFields = true });
        return text.ToString();
    }

    /// <summary>The policy the run started with (recorded in its first status event) and the layer changes refused.</summary>
    private static void AppendPolicy(StringBuilder text, IReadOnlyList<TraceEvent> events)
    {
        var start = events.FirstOrDefault(e => e.Kind == EventKind.Status);
        if (start is null || !start.PayloadJson.Contains("\"policy\"", StringComparison.Ordinal))
        {
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(start.PayloadJson);
            if (!document.RootElement.TryGetProperty("policy", out var policy) || policy.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            var rules = policy.TryGetProperty("rules", out var r) && r.ValueKind == JsonValueKind.Array ? r.GetArrayLength() : 0;
            text.Append(CultureInfo.InvariantCulture, $"policy    default {Text(policy, "default")} ({Text(policy, "default_source")}), {rules} rules\n");
            foreach (var layer in Items(policy, "layers"))
            {
                var applied = Items(layer, "applied").Select(a => a.GetString()).ToList();
                var refused = Items(layer, "refused").Count();
                text.Append(CultureInfo.InvariantCulture, $"          + {Text(layer, "source")} ({Text(layer, "kind")}): {(applied.Count == 0 ? "no change" : string.Join("; ", applied))}{(refused > 0 ? $"; {refused} refused" : string.Empty)}\n");
            }

            foreach (var warning in Items(policy, "warnings"))
            {
                text.Append("policy    WARNING: ").Append(warning.GetString()?.ReplaceLineEndings(" ")).Append('\n');
            }
        }
        catch (JsonException)
        {
            // A payload that is not JSON is shown as it is in the event list below.
        }

        static string? Text(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
            element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
    }

    private static void AppendLine(StringBuilder text, TraceEvent evt, int depth, DateTimeOffset start, RunViewOptions options)
    {
        var ansi = options.Ansi;
        var error = EventSummary.IsError(evt);
        var lead = 17 + (depth * 2) + (depth > 0 ? 2 : 0);
        if (ansi && error)
        {
            text.Append(Red);
        }

        text.Append(CultureInfo.InvariantCulture, $"{evt.Sequence,6} {(evt.Timestamp - start).TotalSeconds,8:0.000}s ");
        text.Append(' ', depth * 2);
        if (depth > 0)
        {
            text.Append("└ ");
        }

        text.Append(evt.Role ?? "-").Append(' ').Append(evt.Kind.ToName()).Append("  ");
        var used = lead + (evt.Role?.Length ?? 1) + 1 + evt.Kind.ToName().Length + 2;
        text.Append(EventSummary.Describe(evt, options.Full ? int.MaxValue / 2 : Math.Max(40, options.Width - used - 12)));
        if (evt.Duration is { } duration)
        {
            if (ansi && !error)
            {
                text.Append(Dim);
            }

            text.Append(CultureInfo.InvariantCulture, $"  ({FormatDuration(duration)})");
            if (ansi && !error)
            {
                text.Append(Reset);
            }
        }

        if (error)
        {
            text.Append(ansi ? Reset : "  [ERROR]");
        }

        text.Append('\n');
        var body = EventBody.Lines(evt, options.Full);
        if (options.AllFields)
        {
            body.AddRange(EventBody.OtherFields(evt));
        }

        foreach (var line in body)
        {
            var room = options.Full ? int.MaxValue : Math.Max(20, options.Width - lead - 2);
            text.Append(' ', lead).Append("│ ");
            if (ansi && line.StartsWith("thinking: ", StringComparison.Ordinal))
            {
                text.Append(Dim);
            }

            text.Append(line.Length <= room ? line : string.Concat(line.AsSpan(0, room - 1), "…"));
            if (ansi && line.StartsWith("thinking: ", StringComparison.Ordinal))
            {
                text.Append(Reset);
            }

            text.Append('\n');
        }
    }

    private static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds >= 1
            ? duration.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s"
            : duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
}
