using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Meshes;

/// <summary>
/// Volume integrals of a closed mesh, in the mesh's own length unit L: volume L³, centroid L, and the
/// second moment of volume about the centroid (L⁵), so inertia = density × <see cref="InertiaPerDensity"/>.
/// </summary>
public sealed record MeshProperties(
    double Volume,
    Aabb Bounds,
    Vec3 Centroid,
    InertiaTensor InertiaPerDensity,
    double SurfaceArea)
{
    /// <summary>Volume integrals by the divergence theorem: one signed tetrahedron per triangle, apex at the origin.</summary>
    public static MeshProperties Compute(TriangleMesh mesh)
    {
        double volume = 0, area = 0;
        var first = Vec3.Zero;
        // Second moments ∫x², ∫y², ∫z², ∫xy, ∫xz, ∫yz about the origin.
        double xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
        for (var t = 0; t < mesh.Triangles.Count; t++)
        {
            var (a, b, c) = mesh.Corners(t);
            var det = a.Dot(b.Cross(c));
            volume += det / 6;
            first += (a + b + c) * (det / 24);
            area += (b - a).Cross(c - a).Length / 2;

            // ∫ x_i x_j over the tetrahedron (0, a, b, c) = det/120 · (Σ_k v_ki v_kj + S_i S_j), S = a + b + c.
            var s = a + b + c;
            double Moment(int i, int j) => det / 120 * ((a[i] * a[j]) + (b[i] * b[j]) + (c[i] * c[j]) + (s[i] * s[j]));
            xx += Moment(0, 0);
            yy += Moment(1, 1);
            zz += Moment(2, 2);
            xy += Moment(0, 1);
            xz += Moment(0, 2);
            yz += Moment(1, 2);
        }

        var centroid = volume != 0 ? first / volume : Vec3.Zero;

        // Shift the second moments to the centroid (parallel axis theorem), then form the inertia tensor.
        xx -= volume * centroid.X * centroid.X;
        yy -= volume * centroid.Y * centroid.Y;
        zz -= volume * centroid.Z * centroid.Z;
        xy -= volume * centroid.X * centroid.Y;
        xz -= volume * centroid.X * centroid.Z;
        yz -= volume * centroid.Y * centroid.Z;
        var inertia = new InertiaTensor(yy + zz, xx + zz, xx + yy, -xy, -xz, -yz);
        return new MeshProperties(volume, mesh.Bounds, centroid, inertia, area);
    }
}
