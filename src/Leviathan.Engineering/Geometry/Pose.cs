namespace Leviathan.Engineering.Geometry;

/// <summary>A rigid placement: rotate (OpenSCAD order), then translate.</summary>
public readonly record struct Pose(Vec3 Position, Rotation Rotation)
{
    public static Pose Identity => new(Vec3.Zero, Rotation.Identity);

    public Vec3 Apply(Vec3 point) => Rotation.Apply(point) + Position;
}
