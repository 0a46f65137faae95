namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// What a motor of the scene did, as MuJoCo measured it: the largest force (slider, N) or torque (hinge, N·m)
/// it applied in any sample, next to the benchmark's limit.
/// </summary>
public sealed record MotorFigures
{
    public required string Name { get; init; }

    /// <summary>N for a slider, N·m for a hinge.</summary>
    public required string Unit { get; init; }

    public required double Limit { get; init; }

    /// <summary>Largest |force| or |torque| over all samples.</summary>
    public required double PeakForce { get; init; }

    /// <summary>The peak as a share of the limit (1: the motor reached its limit).</summary>
    public double PeakShare => Limit > 0 ? Math.Round(PeakForce / Limit, 4) : 0;
}
