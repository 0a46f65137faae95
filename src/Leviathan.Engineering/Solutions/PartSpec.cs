using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Solutions;

/// <summary>One part: an OpenSCAD file (millimetres), its material and process, and its placement in the world (metres).</summary>
public sealed record PartSpec
{
    [Doc("Unique part name (letters, digits, '_' and '-').")]
    public required string Name { get; init; }

    [Doc("OpenSCAD file relative to the solution folder; modelled in millimetres.")]
    public required string File { get; init; }

    [Doc("Material id from the material table.")]
    public required string Material { get; init; }

    public required ManufacturingProcess Process { get; init; }

    [Doc("Where the part's origin goes, in metres (world frame, motors at position 0).")]
    [FixedLength(3)]
    public required IReadOnlyList<double> Position { get; init; }

    [Doc("Degrees about fixed X, then Y, then Z (OpenSCAD rotate([x,y,z])).")]
    [FixedLength(3)]
    public IReadOnlyList<double> Rotation { get; set; } = [0, 0, 0];

    [Doc("'world' (fixed, default), 'free' (loose, falls under gravity) or the name of a motor that carries it.")]
    public string Mount { get; set; } = "world";

    /// <summary>The friction of a part whose spec gives none.</summary>
    public const double DefaultFriction = 0.6;

    [Doc("A passive hinge the part turns on (mount 'world' only): a pivot fixed to the world inside the build zone, driven by no motor; gravity, contacts and the damping move the part. The part's pose is its turn 0.")]
    public HingeSpec? Hinge { get; set; }

    [Doc("Sliding friction coefficient of the part's surfaces (MuJoCo's first friction value; a contact uses the larger of the two bodies'), 0 to 5; default 0.6.")]
    public double Friction { get; set; } = DefaultFriction;
}
