namespace Leviathan.Simulation.Mjcf;

/// <summary>
/// An actuator on a joint. Ranges are written with <c>ctrllimited</c>/<c>forcelimited="true"</c> because
/// MuJoCo 2.2.2 rejects a range without them.
/// </summary>
public sealed record MjcfActuator(MjcfActuatorKind Kind, string Name, string Joint)
{
    public double? Gear { get; init; }

    public MjcfRange? CtrlRange { get; init; }

    /// <summary>The force (or torque) limit the motor can exert.</summary>
    public MjcfRange? ForceRange { get; init; }

    /// <summary>Position gain (position servos).</summary>
    public double? Kp { get; init; }

    /// <summary>Velocity gain (velocity servos).</summary>
    public double? Kv { get; init; }
}
