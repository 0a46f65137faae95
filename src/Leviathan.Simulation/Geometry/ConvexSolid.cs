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
    /// its convex hull's, which is what MuJoCo collides. Only vertices of the triangles count, and an edge between two
    /// coplanar triangles (a diagonal of a flat face, within 1e-5 rad) is not an edge of the solid, so it gives no
    /// axis: a 64-sided prism has 33 edge directions instead of about 200.
    /// </summary>
    public static ConvexSolid Mesh(ReadOnlySpan<double> localVertices, ReadOnlySpan<int> triangles, ReadOnlySpan<double> position, ReadOnlySpan<double> matrix)
    {
        var world = new Dictionary<int, int>();
        var points = new List<double>();
        int Place(int index, ReadOnlySpan<double> local, ReadOnlySpan<double> position, ReadOnlySpan<double> matrix)
        {
            if (!world.TryGetValue(index, out var at))
            {
                at = points.Count;
                world[index] = at;
                var v = 3 * index;
                for (var i = 0; i < 3; i++)
                {
                    points.Add(position[i] + (matrix[3 * i] * local[v]) + (matrix[(3 * i) + 1] * local[v + 1]) + (matrix[(3 * i) + 2] * local[v + 2]));
                }
            }

            return at;
        }

        var normals = Directions();
        var faces = new List<(int A, int B, int C, double X, double Y, double Z)>();
        for (var t = 0; t + 2 < triangles.Length; t += 3)
        {
            int a = Place(triangles[t], localVertices, position, matrix), b = Place(triangles[t + 1], localVertices, position, matrix), c = Place(triangles[t + 2], localVertices, position, matrix);
            double ux = points[b] - points[a], uy = points[b + 1] - points[a + 1], uz = points[b + 2] - points[a + 2];
            double wx = points[c] - points[a], wy = points[c + 1] - points[a + 1], wz = points[c + 2] - points[a + 2];
            double nx = (uy * wz) - (uz * wy), ny = (uz * wx) - (ux * wz), nz = (ux * wy) - (uy * wx);
            var length = Math.Sqrt((nx * nx) + (ny * ny) + (nz * nz));
            normals.Add(nx, ny, nz);
            faces.Add(length < 1e-18 ? (a, b, c, 0, 0, 0) : (a, b, c, nx / length, ny / length, nz / length));
        }

        // Each edge with the normals of the faces on it; it is an edge of the solid unless exactly two coplanar faces share it.
        var sides = new Dictionary<(int, int), List<(double X, double Y, double Z)>>();
        foreach (var (a, b, c, x, y, z) in faces)
        {
            foreach (var (p, q) in new[] { (a, b), (b, c), (c, a) })
            {
                var key = p < q ? (p, q) : (q, p);
                if (!sides.TryGetValue(key, out var list))
                {
                    list = [];
                    sides[key] = list;
                }

                list.Add((x, y, z));
            }
        }

        var edges = Directions();
        foreach (var ((p, q), list) in sides)
        {
            if (list.Count == 2 && list[0].X * list[1].X + list[0].Y * list[1].Y + list[0].Z * list[1].Z > Math.Cos(1e-5) && list.TrueForAll(n => n != default))
            {
                continue;
            }

            edges.Add(points[q] - points[p], points[q + 1] - points[p + 1], points[q + 2] - points[p + 2]);
        }

        return new ConvexSolid([.. points], normals.ToArray(), edges.ToArray());
    }

    private static DirectionSet Directions() => new();
}
