using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Overlaps;

/// <summary>
/// A convex polyhedron in world millimetres: its faces (outward, counter-clockwise seen from outside) and the
/// planes that bound it. The volume two of them share is computed exactly (up to rounding) by clipping one by the
/// other's planes, which answers the overlap check for boxes and other convex parts without running OpenSCAD.
/// </summary>
internal sealed class ConvexSolid
{
    /// <summary>How far (mm) a point may lie outside a plane and still count as on it.</summary>
    private const double Tolerance = 1e-9;

    private ConvexSolid(List<Vec3[]> faces, List<(Vec3 Normal, double Offset)> planes)
    {
        Faces = faces;
        Planes = planes;
    }

    public IReadOnlyList<Vec3[]> Faces { get; }

    /// <summary>Unit outward normals n and offsets d: inside is n·x ≤ d.</summary>
    public IReadOnlyList<(Vec3 Normal, double Offset)> Planes { get; }

    /// <summary>A box of half-extents <paramref name="half"/> (mm) centred at the pose (position in mm).</summary>
    public static ConvexSolid Box(Pose poseMm, Vec3 half)
    {
        var corners = new Vec3[8];
        for (var i = 0; i < 8; i++)
        {
            corners[i] = poseMm.Apply(new Vec3((i & 1) == 0 ? -half.X : half.X, (i & 2) == 0 ? -half.Y : half.Y, (i & 4) == 0 ? -half.Z : half.Z));
        }

        int[][] quads = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
        var faces = quads.Select(q => q.Select(i => corners[i]).ToArray()).ToList();
        return new ConvexSolid(faces, faces.Select(PlaneOf).ToList());
    }

    /// <summary>
    /// The mesh (mm) placed at the pose (position in mm) when it is one closed, outward-facing, convex solid; null
    /// otherwise (then only OpenSCAD can say what it shares with another solid).
    /// </summary>
    public static ConvexSolid? FromMesh(TriangleMesh mesh, MeshTopology topology, Pose poseMm)
    {
        if (!topology.IsSingleSolid || topology.Cavities > 0)
        {
            return null;
        }

        var vertices = mesh.Vertices.Select(poseMm.Apply).ToArray();
        var scale = vertices.Aggregate(1.0, (m, v) => Math.Max(m, Math.Max(Math.Abs(v.X), Math.Max(Math.Abs(v.Y), Math.Abs(v.Z)))));
        var faces = new List<Vec3[]>();
        var planes = new List<(Vec3 Normal, double Offset)>();
        foreach (var (a, b, c) in mesh.Triangles)
        {
            var face = new[] { vertices[a], vertices[b], vertices[c] };
            var normal = (face[1] - face[0]).Cross(face[2] - face[0]);
            if (normal.Length <= 1e-12 * scale * scale)
            {
                continue; // a sliver adds no volume and no usable plane
            }

            var plane = PlaneOf(face);

            // Convex means every vertex lies on the inner side of every face's plane (with float STL coordinates).
            if (vertices.Any(v => plane.Normal.Dot(v) - plane.Offset > 1e-6 * scale))
            {
                return null;
            }

            faces.Add(face);
            planes.Add(plane);
        }

        var solid = new ConvexSolid(faces, planes);
        return faces.Count >= 4 && solid.Volume() > 0 ? solid : null;
    }

    /// <summary>The volume (mm³) the two solids share; 0 when they are apart or only touch.</summary>
    public static double IntersectionVolume(ConvexSolid a, ConvexSolid b)
    {
        var faces = a.Faces.ToList();
        foreach (var (normal, offset) in b.Planes)
        {
            faces = Clip(faces, normal, offset);
            if (faces.Count == 0)
            {
                return 0;
            }
        }

        return Math.Max(0, new ConvexSolid(faces, []).Volume());
    }

    /// <summary>The enclosed volume (mm³) by the divergence theorem, relative to one vertex to keep rounding small.</summary>
    public double Volume()
    {
        if (Faces.Count == 0)
        {
            return 0;
        }

        var origin = Faces[0][0];
        var sum = 0.0;
        foreach (var face in Faces)
        {
            for (var i = 1; i + 1 < face.Length; i++)
            {
                sum += (face[0] - origin).Dot((face[i] - origin).Cross(face[i + 1] - origin));
            }
        }

        return sum / 6;
    }

    /// <summary>Keeps the part of a closed convex polyhedron with n·x ≤ d, closing the cut with a cap face.</summary>
    private static List<Vec3[]> Clip(List<Vec3[]> faces, Vec3 normal, double offset)
    {
        var outside = false;
        var inside = false;
        foreach (var v in faces.SelectMany(f => f))
        {
            var s = normal.Dot(v) - offset;
            outside |= s > Tolerance;
            inside |= s < -Tolerance;
        }

        if (!outside)
        {
            return faces;
        }

        if (!inside)
        {
            return [];
        }

        var clipped = new List<Vec3[]>();
        var cut = new List<Vec3>();
        foreach (var face in faces)
        {
            var kept = new List<Vec3>();
            for (var i = 0; i < face.Length; i++)
            {
                var p = face[i];
                var q = face[(i + 1) % face.Length];
                var sp = normal.Dot(p) - offset;
                var sq = normal.Dot(q) - offset;
                if (sp <= Tolerance)
                {
                    kept.Add(p);
                    if (sp >= -Tolerance)
                    {
                        cut.Add(p);
                    }
                }

                if ((sp < -Tolerance && sq > Tolerance) || (sp > Tolerance && sq < -Tolerance))
                {
                    var x = p + ((q - p) * (sp / (sp - sq)));
                    kept.Add(x);
                    cut.Add(x);
                }
            }

            if (kept.Count >= 3)
            {
                clipped.Add([.. kept]);
            }
        }

        if (Cap(cut, normal) is { } cap)
        {
            clipped.Add(cap);
        }

        return clipped;
    }

    /// <summary>The cut's points as one polygon, counter-clockwise seen from outside (along +normal); null when degenerate.</summary>
    private static Vec3[]? Cap(List<Vec3> points, Vec3 normal)
    {
        if (points.Count < 3)
        {
            return null;
        }

        var centre = points.Aggregate(Vec3.Zero, (s, p) => s + p) / points.Count;
        var u = (Math.Abs(normal.X) < 0.9 ? new Vec3(1, 0, 0) : new Vec3(0, 1, 0)).Cross(normal).Normalized();
        var v = normal.Cross(u);
        var ordered = points.OrderBy(p => Math.Atan2((p - centre).Dot(v), (p - centre).Dot(u))).ToList();
        var distinct = new List<Vec3>();
        foreach (var p in ordered)
        {
            if (distinct.Count == 0 || (p - distinct[^1]).Length > Tolerance)
            {
                distinct.Add(p);
            }
        }

        if (distinct.Count > 1 && (distinct[0] - distinct[^1]).Length <= Tolerance)
        {
            distinct.RemoveAt(distinct.Count - 1);
        }

        return distinct.Count >= 3 ? [.. distinct] : null;
    }

    private static (Vec3 Normal, double Offset) PlaneOf(Vec3[] face)
    {
        var normal = (face[1] - face[0]).Cross(face[2] - face[0]).Normalized();
        return (normal, normal.Dot(face[0]));
    }
}
