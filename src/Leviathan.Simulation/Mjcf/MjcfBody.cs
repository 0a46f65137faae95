namespace Leviathan.Simulation.Mjcf;

/// <summary><c>&lt;body&gt;</c> (or the world body): a frame with joints, geoms, sites and child bodies.</summary>
public sealed record MjcfBody
{
    public string? Name { get; init; }

    public Vec3? Pos { get; init; }

    public Quat? Quat { get; init; }

    /// <summary>A mocap body is moved by the program, not by physics.</summary>
    public bool Mocap { get; init; }

    /// <summary>Explicit mass properties; without them MuJoCo infers them from the geoms.</summary>
    public MjcfInertial? Inertial { get; init; }

    public IReadOnlyList<MjcfJoint> Joints { get; init; } = [];

    public IReadOnlyList<MjcfGeom> Geoms { get; init; } = [];

    public IReadOnlyList<MjcfSite> Sites { get; init; } = [];

    public IReadOnlyList<MjcfBody> Bodies { get; init; } = [];

    /// <summary>This body's descendants, depth first (not the body itself).</summary>
    public IEnumerable<MjcfBody> Descendants()
    {
        foreach (var child in Bodies)
        {
            yield return child;
            foreach (var grandchild in child.Descendants())
            {
                yield return grandchild;
            }
        }
    }
}
