using System.ComponentModel;

namespace Leviathan.Server.Runs;

/// <summary>One TODO item.</summary>
internal sealed record PlanItemResource(string Id, string Text, [property: Description("pending, in_progress, done or blocked.")] string Status);
