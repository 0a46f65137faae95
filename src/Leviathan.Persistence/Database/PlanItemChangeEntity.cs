namespace Leviathan.Persistence.Database;

/// <summary>Row of <c>plan_item_changes</c>: the status history of TODO items.</summary>
internal sealed class PlanItemChangeEntity
{
    public Guid Id { get; set; }

    public Guid RunId { get; set; }

    public string ItemId { get; set; } = string.Empty;

    public string Text { get; set; } = string.Empty;

    public string Status { get; set; } = "pending";

    public long At { get; set; }

    public long? EventSeq { get; set; }
}
