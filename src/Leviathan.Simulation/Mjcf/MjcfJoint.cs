namespace Leviathan.Simulation.Mjcf;

/// <summary><c>&lt;joint&gt;</c>: a degree of freedom between a body and its parent. A range makes it limited.</summary>
public sealed record MjcfJoint(string Name, MjcfJointType Type)
{
    public Vec3? Axis { get; init; }

    public Vec3? Pos { get; init; }

    /// <summary>Limits (written with <c>limited="true"</c>, which MuJoCo 2.2.2 needs).</summary>
    public MjcfRange? Range { get; init; }

    public double? Damping { get; init; }

    public double? Stiffness { get; init; }

    public double? Armature { get; init; }

    public double? FrictionLoss { get; init; }
}
