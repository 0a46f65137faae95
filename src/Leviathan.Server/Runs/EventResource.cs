using System.ComponentModel;
using System.Text.Json;
using Leviathan.Core.Tracing;

namespace Leviathan.Server.Runs;

/// <summary>One event of a run, as in the trace format's event line.</summary>
internal sealed record EventResource(
    Guid RunId,
    [property: Description("1-based, gap-free order of the run's events.")] long Seq,
    Guid Id,
    Guid? ParentId,
    [property: Description("message, thought, tool_call, tool_result, verdict, plan_update, error, status, artifact or metric.")] string Kind,
    string? Role,
    DateTimeOffset Ts,
    double? DurationMs,
    [property: Description("The content, by kind (docs/trace-format.md).")] JsonElement Payload)
{
    public static EventResource From(TraceEvent evt) => new(
        evt.RunId,
        evt.Sequence,
        evt.Id,
        evt.ParentId,
        evt.Kind.ToName(),
        evt.Role,
        evt.Timestamp,
        evt.Duration is { } duration ? Math.Round(duration.TotalMilliseconds, 3) : null,
        ParsePayload(evt.PayloadJson));

    private static JsonElement ParsePayload(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // A payload an older writer stored as plain text is kept as a string, as the export does.
            return JsonSerializer.SerializeToElement(payload, Json.ServerJsonContext.Default.String);
        }
    }
}
