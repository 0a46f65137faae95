using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Overlaps;

/// <summary>
/// A solid in world millimetres for the overlap check: OpenSCAD code that draws it in place, and its bounding box.
/// <see cref="IsFixture"/> solids are only compared against parts, never against each other.
/// </summary>
public sealed record PlacedSolid(string Name, bool IsFixture, string Scad, Aabb Bounds)
{
    /// <summary>Files the code imports, by the name it uses, mapped to where they are.</summary>
    public IReadOnlyDictionary<string, string> Files { get; init; } = new Dictionary<string, string>();

    /// <summary>The same solid as a convex polyhedron when it is one (boxes, convex parts): then its overlaps need no OpenSCAD.</summary>
    internal ConvexSolid? Convex { get; init; }
}
