namespace Leviathan.Core.Plans;

/// <summary>The state of one TODO item.</summary>
public enum PlanItemStatus
{
    Pending,
    InProgress,
    Done,
    Blocked,
}
