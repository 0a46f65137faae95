using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Position in metres and rotation in degrees (OpenSCAD order: about X, then Y, then Z, fixed axes).</summary>
public sealed record PoseSpec
{
    [FixedLength(3)]
    public required IReadOnlyList<double> Position { get; init; }

    [Doc("Degrees about the fixed X, Y and Z axes, applied in that order (OpenSCAD rotate([x,y,z])).")]
    [FixedLength(3)]
    public IReadOnlyList<double> Rotation { get; set; } = [0, 0, 0];

    public Pose ToPose() => new(Vec3.From(Position), Geometry.Rotation.FromOpenScadEuler(Vec3.From(Rotation)));
}
