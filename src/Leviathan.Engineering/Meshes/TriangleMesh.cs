using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Meshes;

/// <summary>An indexed triangle mesh; vertices with identical coordinates are shared. Triangles wind counter-clockwise seen from outside.</summary>
public sealed class TriangleMesh
{
    public TriangleMesh(IReadOnlyList<Vec3> vertices, IReadOnlyList<(int A, int B, int C)> triangles)
    {
        Vertices = vertices;
        Triangles = triangles;
    }

    public IReadOnlyList<Vec3> Vertices { get; }

    public IReadOnlyList<(int A, int B, int C)> Triangles { get; }

    public Aabb Bounds => Vertices.Aggregate(Aabb.Empty, (box, v) => box.Include(v));

    public (Vec3 A, Vec3 B, Vec3 C) Corners(int triangle)
    {
        var (a, b, c) = Triangles[triangle];
        return (Vertices[a], Vertices[b], Vertices[c]);
    }

    /// <summary>Unit normal from the winding (zero for a degenerate triangle).</summary>
    public Vec3 Normal(int triangle)
    {
        var (a, b, c) = Corners(triangle);
        return (b - a).Cross(c - a).Normalized();
    }

    public double Area(int triangle)
    {
        var (a, b, c) = Corners(triangle);
        return (b - a).Cross(c - a).Length / 2;
    }

    /// <summary>Builds a mesh from triangle corners, sharing vertices whose coordinates are equal.</summary>
    public static TriangleMesh FromCorners(IEnumerable<(Vec3 A, Vec3 B, Vec3 C)> corners)
    {
        var index = new Dictionary<Vec3, int>();
        var vertices = new List<Vec3>();
        var triangles = new List<(int, int, int)>();

        int IndexOf(Vec3 v)
        {
            if (!index.TryGetValue(v, out var i))
            {
                i = vertices.Count;
                vertices.Add(v);
                index[v] = i;
            }

            return i;
        }

        foreach (var (a, b, c) in corners)
        {
            int ia = IndexOf(a), ib = IndexOf(b), ic = IndexOf(c);
            if (ia != ib && ib != ic && ia != ic)
            {
                triangles.Add((ia, ib, ic));
            }
        }

        return new TriangleMesh(vertices, triangles);
    }

    public TriangleMesh Transform(Func<Vec3, Vec3> map) => new(Vertices.Select(map).ToArray(), Triangles);
}
