namespace Leviathan.Core.Tracing;

/// <summary>
/// One recorded step of a run: a message, thought, tool call, result, verdict, plan update, error,
/// status change, artifact or metric. Events are append-only and ordered by <see cref="Sequence"/>.
/// </summary>
/// <param name="Id">Unique id (UUIDv7), referenced by children through <see cref="ParentId"/>.</param>
/// <param name="RunId">The run the event belongs to.</param>
/// <param name="Sequence">1-based, unique and gap-free within the run.</param>
/// <param name="ParentId">The event this one hangs under in the tool-call tree, if any.</param>
/// <param name="Kind">What the event records.</param>
/// <param name="Role">The agent role that produced it (planner, engineer, critic, orchestrator...).</param>
/// <param name="PayloadJson">The event's content as a JSON object.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Duration">How long the step took, where that applies.</param>
public sealed record TraceEvent(
    Guid Id,
    Guid RunId,
    long Sequence,
    Guid? ParentId,
    EventKind Kind,
    string? Role,
    string PayloadJson,
    DateTimeOffset Timestamp,
    TimeSpan? Duration);
