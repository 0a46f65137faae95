using Leviathan.Core.Plans;

namespace Leviathan.Persistence.Tracing;

/// <summary>One change of a TODO item: its text and status from <see cref="At"/> on.</summary>
public sealed record PlanItemChange(string ItemId, string Text, PlanItemStatus Status, DateTimeOffset At, long? EventSequence);
