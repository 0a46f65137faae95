namespace Leviathan.Simulation.Mjcf;

/// <summary>
/// <c>&lt;site&gt;</c>: a marked place that does not collide, e.g. a goal zone (a box site with half-sizes) or a
/// sensor mount. Sites of the world body stay fixed.
/// </summary>
public sealed record MjcfSite(string Name)
{
    /// <summary>Sphere, capsule, ellipsoid, cylinder or box.</summary>
    public MjcfGeomType Type { get; init; } = MjcfGeomType.Sphere;

    public IReadOnlyList<double>? Size { get; init; }

    public Vec3? Pos { get; init; }

    public Quat? Quat { get; init; }

    public Rgba? Color { get; init; }
}
