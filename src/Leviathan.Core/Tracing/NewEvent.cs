namespace Leviathan.Core.Tracing;

/// <summary>An event to append; the store assigns id, sequence and timestamp.</summary>
/// <param name="Kind">What the event records.</param>
/// <param name="Role">The agent role that produced it.</param>
/// <param name="PayloadJson">The event's content as a JSON object.</param>
/// <param name="ParentId">The parent in the tool-call tree.</param>
/// <param name="Duration">How long the step took.</param>
/// <param name="Id">A caller-chosen id, so that children can name their parent before it is written.</param>
public sealed record NewEvent(
    EventKind Kind,
    string? Role,
    string PayloadJson,
    Guid? ParentId = null,
    TimeSpan? Duration = null,
    Guid? Id = null);
