using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Meshes;

/// <summary>Brute-force ray casting against every triangle (Möller–Trumbore); parts have a few thousand triangles at most.</summary>
internal sealed class MeshRaycaster
{
    private readonly TriangleMesh _mesh;
    private readonly (Vec3 A, Vec3 E1, Vec3 E2)[] _triangles;

    public MeshRaycaster(TriangleMesh mesh)
    {
        _mesh = mesh;
        _triangles = new (Vec3, Vec3, Vec3)[mesh.Triangles.Count];
        for (var i = 0; i < _triangles.Length; i++)
        {
            var (a, b, c) = mesh.Corners(i);
            _triangles[i] = (a, b - a, c - a);
        }
    }

    public TriangleMesh Mesh => _mesh;

    /// <summary>Distance to the nearest triangle hit (other than <paramref name="skip"/>), or null.</summary>
    public double? Cast(Vec3 origin, Vec3 direction, int skip)
    {
        double? best = null;
        for (var i = 0; i < _triangles.Length; i++)
        {
            if (i == skip)
            {
                continue;
            }

            var (a, e1, e2) = _triangles[i];
            var p = direction.Cross(e2);
            var det = e1.Dot(p);
            if (Math.Abs(det) < 1e-12)
            {
                continue;
            }

            var inv = 1 / det;
            var s = origin - a;
            var u = s.Dot(p) * inv;
            if (u < 0 || u > 1)
            {
                continue;
            }

            var q = s.Cross(e1);
            var v = direction.Dot(q) * inv;
            if (v < 0 || u + v > 1)
            {
                continue;
            }

            var t = e2.Dot(q) * inv;
            if (t > 1e-9 && (best is null || t < best))
            {
                best = t;
            }
        }

        return best;
    }

    /// <summary>Distance from a point to the nearest point of the surface.</summary>
    public double DistanceToSurface(Vec3 point)
    {
        var best = double.PositiveInfinity;
        foreach (var (a, e1, e2) in _triangles)
        {
            best = Math.Min(best, (ClosestPoint(point, a, a + e1, a + e2) - point).Length);
        }

        return best;
    }

    /// <summary>Closest point on triangle abc (Ericson, Real-Time Collision Detection, 5.1.5).</summary>
    private static Vec3 ClosestPoint(Vec3 p, Vec3 a, Vec3 b, Vec3 c)
    {
        var ab = b - a;
        var ac = c - a;
        var ap = p - a;
        double d1 = ab.Dot(ap), d2 = ac.Dot(ap);
        if (d1 <= 0 && d2 <= 0)
        {
            return a;
        }

        var bp = p - b;
        double d3 = ab.Dot(bp), d4 = ac.Dot(bp);
        if (d3 >= 0 && d4 <= d3)
        {
            return b;
        }

        var vc = (d1 * d4) - (d3 * d2);
        if (vc <= 0 && d1 >= 0 && d3 <= 0)
        {
            return a + (ab * (d1 / (d1 - d3)));
        }

        var cp = p - c;
        double d5 = ab.Dot(cp), d6 = ac.Dot(cp);
        if (d6 >= 0 && d5 <= d6)
        {
            return c;
        }

        var vb = (d5 * d2) - (d1 * d6);
        if (vb <= 0 && d2 >= 0 && d6 <= 0)
        {
            return a + (ac * (d2 / (d2 - d6)));
        }

        var va = (d3 * d6) - (d5 * d4);
        if (va <= 0 && d4 - d3 >= 0 && d5 - d6 >= 0)
        {
            return b + ((c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6))));
        }

        var denom = 1 / (va + vb + vc);
        return a + (ab * (vb * denom)) + (ac * (vc * denom));
    }
}
