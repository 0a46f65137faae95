using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>
/// One payload and the goal zone it must reach: the benchmark's <c>payload</c> with <c>zones.goal</c> (index 0), or
/// an entry of <c>extra_payloads</c> with the zone its <c>goal</c> names (index 1, 2, …, in file order).
/// </summary>
public sealed record Delivery(int Index, PayloadSpec Payload, ZoneSpec Goal, string GoalName)
{
    public Aabb GoalBox => Goal.ToAabb();
}
