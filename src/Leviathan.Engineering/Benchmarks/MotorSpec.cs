using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>
/// A position-controlled motor. Solution parts mounted on it move with its joint. The control target
/// must stay inside <see cref="Range"/> and the actuator force is clamped to <see cref="Limit"/>.
/// </summary>
public sealed record MotorSpec
{
    public required string Name { get; init; }

    public required MotorKind Type { get; init; }

    [Doc("'fixed': the anchor is given here; 'solution': the solution places it inside the build zone.")]
    public MotorPlacement Placement { get; set; } = MotorPlacement.Fixed;

    [Doc("Joint anchor in metres (required when placement is 'fixed').")]
    [FixedLength(3)]
    public IReadOnlyList<double>? Anchor { get; init; }

    [Doc("Joint axis in world coordinates (normalised on load).")]
    [FixedLength(3)]
    public required IReadOnlyList<double> Axis { get; init; }

    [Doc("Allowed target range: degrees for a hinge, metres for a slider.")]
    [FixedLength(2)]
    public required IReadOnlyList<double> Range { get; init; }

    [Doc("Largest torque (N m, hinge) or force (N, slider) the motor can apply.")]
    public required double Limit { get; init; }
}
