using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>An axis-aligned box in world coordinates (metres).</summary>
public sealed record ZoneSpec
{
    public string? Name { get; init; }

    [FixedLength(3)]
    public required IReadOnlyList<double> Min { get; init; }

    [FixedLength(3)]
    public required IReadOnlyList<double> Max { get; init; }

    public Aabb ToAabb() => new(Vec3.From(Min), Vec3.From(Max));
}
