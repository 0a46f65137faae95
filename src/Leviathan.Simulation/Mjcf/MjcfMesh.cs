namespace Leviathan.Simulation.Mjcf;

/// <summary><c>&lt;mesh&gt;</c> asset: a binary STL (or OBJ, MSH) file; geoms collide with its convex hull.</summary>
public sealed record MjcfMesh(string Name, string File)
{
    public Vec3? Scale { get; init; }
}
