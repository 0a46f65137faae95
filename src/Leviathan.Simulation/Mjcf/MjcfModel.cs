namespace Leviathan.Simulation.Mjcf;

/// <summary>
/// The MJCF that Leviathan writes, as C# records: compiler and physics options, mesh and material assets,
/// the world body tree (bodies, geoms, joints, sites) and actuators. <see cref="MjcfWriter"/> turns it into
/// XML that MuJoCo 2.2.2 accepts; <see cref="MjcfReader"/> reads that subset back.
/// </summary>
public sealed record MjcfModel
{
    public string Name { get; init; } = "leviathan";

    public MjcfCompiler? Compiler { get; init; }

    public MjcfOption? Option { get; init; }

    public IReadOnlyList<MjcfMesh> Meshes { get; init; } = [];

    public IReadOnlyList<MjcfMaterial> Materials { get; init; } = [];

    /// <summary>The world body: its geoms and sites are static; its child bodies carry joints.</summary>
    public MjcfBody Worldbody { get; init; } = new();

    public IReadOnlyList<MjcfActuator> Actuators { get; init; } = [];

    /// <summary>All bodies below the world, depth first.</summary>
    public IEnumerable<MjcfBody> AllBodies() => Worldbody.Descendants();

    /// <summary>Bodies as MuJoCo counts them (the world included).</summary>
    public int BodyCount => 1 + AllBodies().Count();

    public int GeomCount => Worldbody.Geoms.Count + AllBodies().Sum(b => b.Geoms.Count);

    public int JointCount => AllBodies().Sum(b => b.Joints.Count);

    public int SiteCount => Worldbody.Sites.Count + AllBodies().Sum(b => b.Sites.Count);
}
