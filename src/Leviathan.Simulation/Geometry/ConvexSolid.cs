namespace Leviathan.Simulation.Geometry;

/// <summary>
/// A convex polytope in world coordinates for exact penetration depths: its vertices, the distinct directions
/// of its face normals and the distinct directions of its edges (each direction once, sign ignored).
/// </summary>
internal sealed class ConvexSolid
{
    private ConvexSolid(double[] vertices, double[] normals, double[] edges)
    {
        Vertices = vertices;
        Normals = normals;
        Edges = edges;
    }

    /// <summary>Vertices, 3 numbers each.</summary>
    public double[] Vertices { get; }

    /// <summary>Unit face-normal directions, 3 numbers each.</summary>
    public double[] Normals { get; }

    /// <summary>Unit edge directions, 3 numbers each.</summary>
    public double[] Edges { get; }

    /// <summary>
    /// A box from its centre, half edge lengths and a row-major world orientation (column j is the box's local
    /// axis j, as in MuJoCo's <c>geom_xmat</c>).
    /// </summary>
    public static ConvexSolid Box(ReadOnlySpan<double> centre, ReadOnlySpan<double> half, ReadOnlySpan<double> matrix)
    {
        var axes = new double[9];
        for (var j = 0; j < 3; j++)
        {
            for (var i = 0; i < 3; i++)
            {
                axes[(3 * j) + i] = matrix[(3 * i) + j];
            }
        }

        var vertices = new double[24];
        for (var corner = 0; corner < 8; corner++)
        {
            for (var i = 0; i < 3; i++)
            {
                var v = centre[i];
                for (var j = 0; j < 3; j++)
                {
                    var sign = (corner & (1 << j)) == 0 ? -1.0 : 1.0;
                    v += sign * half[j] * axes[(3 * j) + i];
                }

                vertices[(3 * corner) + i] = v;
            }
        }

        var unit = Directions();
        for (var j = 0; j < 3; j++)
        {
            unit.Add(axes[3 * j], axes[(3 * j) + 1], axes[(3 * j) + 2]);
        }

        var directions = unit.ToArray();
        return new ConvexSolid(vertices, directions, directions);
    }

    /// <summary>
    /// A polytope from local vertices (3 numbers each), triangles (3 vertex indices each) and a placement
    /// (position and row-major orientation). The triangles must be the solid's faces; for a non-convex mesh give
    /// its convex hull's, which is what MuJoCo collides.
    /// </summary>
    public static ConvexSolid Mesh(ReadOnlySpan<double> localVertices, ReadOnlySpan<int> triangles, ReadOnlySpan<double> position, ReadOnlySpan<double> matrix)
    {
        var vertices = new double[localVertices.Length];
        for (var v = 0; v < localVertices.Length; v += 3)
        {
            for (var i = 0; i < 3; i++)
            {
                vertices[v + i] = position[i]
                    + (matrix[3 * i] * localVertices[v])
                    + (matrix[(3 * i) + 1] * localVertices[v + 1])
                    + (matrix[(3 * i) + 2] * localVertices[v + 2]);
            }
        }

        var normals = Directions();
        var edges = Directions();
        for (var t = 0; t + 2 < triangles.Length; t += 3)
        {
            int a = 3 * triangles[t], b = 3 * triangles[t + 1], c = 3 * triangles[t + 2];
            double ux = vertices[b] - vertices[a], uy = vertices[b + 1] - vertices[a + 1], uz = vertices[b + 2] - vertices[a + 2];
            double wx = vertices[c] - vertices[a], wy = vertices[c + 1] - vertices[a + 1], wz = vertices[c + 2] - vertices[a + 2];
            normals.Add((uy * wz) - (uz * wy), (uz * wx) - (ux * wz), (ux * wy) - (uy * wx));
            edges.Add(ux, uy, uz);
            edges.Add(wx, wy, wz);
            edges.Add(vertices[c] - vertices[b], vertices[c + 1] - vertices[b + 1], vertices[c + 2] - vertices[b + 2]);
        }

        return new ConvexSolid(vertices, normals.ToArray(), edges.ToArray());
    }

    private static DirectionSet Directions() => new();
}
