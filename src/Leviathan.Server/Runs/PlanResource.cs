namespace Leviathan.Server.Runs;

/// <summary>A run's TODO plan as it stands.</summary>
internal sealed record PlanResource(Guid RunId, IReadOnlyList<PlanItemResource> Items);
