using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>
/// A passive hinge that frees a fixture to turn about an axis: no motor drives it, only gravity, contacts and the
/// joint's damping move it (a gate, a flap, a seesaw). The fixture's pose is its turn 0.
/// </summary>
public sealed record HingeSpec
{
    /// <summary>Default <see cref="Damping"/> (N·m·s/rad).</summary>
    public const double DefaultDamping = 0.001;

    [Doc("A point on the hinge axis in metres (world frame).")]
    [FixedLength(3)]
    public required IReadOnlyList<double> Anchor { get; init; }

    [Doc("Hinge axis in world coordinates (normalised on load); positive turns follow the right-hand rule.")]
    [FixedLength(3)]
    public required IReadOnlyList<double> Axis { get; init; }

    [Doc("Allowed turn from the fixture's pose, degrees [lower, upper]; must contain 0.")]
    [FixedLength(2)]
    public required IReadOnlyList<double> Range { get; init; }

    [Doc("Joint damping in N m s/rad (default 0.001).")]
    public double Damping { get; set; } = DefaultDamping;
}
