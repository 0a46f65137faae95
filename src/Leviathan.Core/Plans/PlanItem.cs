namespace Leviathan.Core.Plans;

/// <summary>One item of a run's TODO list.</summary>
public sealed record PlanItem(string Id, string Text, PlanItemStatus Status);
