namespace Leviathan.Simulation.Mjcf;

/// <summary>
/// <c>&lt;geom&gt;</c>: a collision and visual shape. <see cref="Size"/> follows MuJoCo (sphere: radius; box:
/// half-sizes; capsule/cylinder: radius, half-length; plane: half-x, half-y, grid spacing).
/// </summary>
public sealed record MjcfGeom(MjcfGeomType Type)
{
    public string? Name { get; init; }

    public IReadOnlyList<double>? Size { get; init; }

    public Vec3? Pos { get; init; }

    public Quat? Quat { get; init; }

    /// <summary>Capsule/cylinder/box from one point to another (replaces pos, quat and the length in size).</summary>
    public IReadOnlyList<double>? FromTo { get; init; }

    /// <summary>Name of an <see cref="MjcfMesh"/> for <see cref="MjcfGeomType.Mesh"/>.</summary>
    public string? Mesh { get; init; }

    public string? Material { get; init; }

    public Rgba? Color { get; init; }

    public double? Mass { get; init; }

    public double? Density { get; init; }

    /// <summary>Sliding, torsional and rolling friction.</summary>
    public IReadOnlyList<double>? Friction { get; init; }

    public int? Contype { get; init; }

    public int? Conaffinity { get; init; }

    public int? Condim { get; init; }
}
