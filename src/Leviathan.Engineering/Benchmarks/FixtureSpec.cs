using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>A body of the environment: static, or turning on a passive hinge when <see cref="Hinge"/> is given.</summary>
public sealed record FixtureSpec
{
    public required string Name { get; init; }

    public required ShapeSpec Shape { get; init; }

    public required PoseSpec Pose { get; init; }

    [Doc("Sliding friction coefficient (default 0.8).")]
    public double Friction { get; set; } = 0.8;

    [Doc("A passive hinge the fixture turns on (a gate, a flap, a seesaw); omit for a static fixture. A hinged fixture needs 'material' and a box, sphere or cylinder shape.")]
    public HingeSpec? Hinge { get; init; }

    [Doc("Material id from the material table: the mass of a hinged fixture follows from its volume (hinged fixtures only).")]
    public string? Material { get; init; }
}
