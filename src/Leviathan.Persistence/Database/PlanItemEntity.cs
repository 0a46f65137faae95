namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>plan_items</c>: the current state of one TODO item of a run.</summary>
internal sealed class PlanItemEntity
{
    public Guid RunId { get; set; }

    public string ItemId { get; set; } = string.Empty;

    public int Position { get; set; }

    public string Text { get; set; } = string.Empty;

    public string Status { get; set; } = "pending";

    public long UpdatedAt { get; set; }
}
