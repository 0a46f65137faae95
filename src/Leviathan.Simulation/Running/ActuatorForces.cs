namespace Leviathan.Simulation.Running;

/// <summary>
/// The force (hinge: torque) one actuator applied during a run, as MuJoCo computed it each step (after
/// clamping to its force range): the peak magnitude and when it was first reached, and, for a force-limited
/// actuator, how long it was held at its limit in total and in the longest unbroken stretch.
/// </summary>
public sealed record ActuatorForces
{
    /// <summary>Largest |force| over the steps run (N, or N·m for a hinge).</summary>
    public required double PeakForce { get; init; }

    /// <summary>Simulated time (seconds) at which <see cref="PeakForce"/> was first applied.</summary>
    public required double PeakTime { get; init; }

    /// <summary>Lower end of the force range MuJoCo clamps to; null when the actuator is not force-limited.</summary>
    public double? ForceMin { get; init; }

    /// <summary>Upper end of the force range MuJoCo clamps to; null when the actuator is not force-limited.</summary>
    public double? ForceMax { get; init; }

    /// <summary>Simulated seconds the force sat at an end of its range (0 when not force-limited).</summary>
    public double SecondsAtLimit { get; init; }

    /// <summary>The longest unbroken stretch (seconds) at the limit.</summary>
    public double LongestAtLimit { get; init; }

    /// <summary>When that longest stretch began (seconds); null when the force never reached its limit.</summary>
    public double? LongestAtLimitFrom { get; init; }
}
