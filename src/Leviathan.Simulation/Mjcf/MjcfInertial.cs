namespace Leviathan.Simulation.Mjcf;

/// <summary>
/// <c>&lt;inertial&gt;</c>: a body's mass properties, which replace the ones MuJoCo would infer from its geoms.
/// <see cref="Pos"/> is the centre of mass in the body frame. Give the inertia either as principal moments
/// (<see cref="DiagInertia"/>, about axes turned by <see cref="Quat"/>) or as the full tensor about the centre
/// of mass in the body frame (<see cref="FullInertia"/>: ixx, iyy, izz, ixy, ixz, iyz), not both.
/// </summary>
public sealed record MjcfInertial(double Mass, Vec3 Pos)
{
    public Quat? Quat { get; init; }

    public Vec3? DiagInertia { get; init; }

    /// <summary>ixx, iyy, izz, ixy, ixz, iyz (kg·m²).</summary>
    public IReadOnlyList<double>? FullInertia { get; init; }

    /// <summary>Throws when the element would not describe exactly one inertia MuJoCo accepts.</summary>
    internal void Check()
    {
        if (!double.IsFinite(Mass) || Mass <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Mass), Mass, "an inertial's mass must be a finite number > 0 (MuJoCo rejects a massless inertial)");
        }

        if ((DiagInertia is null) == (FullInertia is null))
        {
            throw new ArgumentException("an inertial needs exactly one of diaginertia and fullinertia");
        }

        if (FullInertia is { Count: not 6 })
        {
            throw new ArgumentException($"fullinertia needs 6 numbers (ixx iyy izz ixy ixz iyz), not {FullInertia.Count}");
        }

        if (FullInertia is not null && Quat is not null)
        {
            throw new ArgumentException("fullinertia is given in the body frame; an inertial with fullinertia takes no quat");
        }
    }
}
