using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Tests.Meshes;

public sealed class MeshPropertiesTests
{
    [Fact]
    public void Compute_Box_GivesVolumeCentroidAndInertiaOfASolidBox()
    {
        var mesh = MeshBuilder.Box(new Vec3(1, 2, 3), new Vec3(2, 4, 6));

        var p = MeshProperties.Compute(mesh);

        p.Volume.ShouldBe(48, 1e-9);
        p.Centroid.X.ShouldBe(2, 1e-9);
        p.Centroid.Y.ShouldBe(4, 1e-9);
        p.Centroid.Z.ShouldBe(6, 1e-9);
        p.SurfaceArea.ShouldBe(2 * ((2 * 4) + (2 * 6) + (4 * 6)), 1e-9);
        // Solid box about its centre: V/12 (b² + c²) per axis, no products of inertia.
        p.InertiaPerDensity.Ixx.ShouldBe(48.0 / 12 * ((4 * 4) + (6 * 6)), 1e-6);
        p.InertiaPerDensity.Iyy.ShouldBe(48.0 / 12 * ((2 * 2) + (6 * 6)), 1e-6);
        p.InertiaPerDensity.Izz.ShouldBe(48.0 / 12 * ((2 * 2) + (4 * 4)), 1e-6);
        p.InertiaPerDensity.Ixy.ShouldBe(0, 1e-6);
        p.InertiaPerDensity.Ixz.ShouldBe(0, 1e-6);
        p.Bounds.Size.ShouldBe(new Vec3(2, 4, 6));
    }

    [Fact]
    public void Compute_RotatedBox_HasProductsOfInertiaButTheSameTrace()
    {
        var rotation = Rotation.FromOpenScadEuler(new Vec3(0, 0, 30));
        var mesh = MeshBuilder.Box(new Vec3(-1, -2, -3), new Vec3(2, 4, 6)).Transform(rotation.Apply);

        var i = MeshProperties.Compute(mesh).InertiaPerDensity;

        Math.Abs(i.Ixy).ShouldBeGreaterThan(1e-3);
        (i.Ixx + i.Iyy + i.Izz).ShouldBe(48.0 / 12 * 2 * ((2 * 2) + (4 * 4) + (6 * 6)), 1e-6);
        i.Izz.ShouldBe(48.0 / 12 * ((2 * 2) + (4 * 4)), 1e-6);
    }

    [Fact]
    public void Compute_InsideOutBox_HasNegativeVolume()
    {
        var inverted = MeshBuilder.BoxCorners(Vec3.Zero, new Vec3(1, 1, 1)).Select(t => (t.Item1, t.Item3, t.Item2));

        MeshProperties.Compute(TriangleMesh.FromCorners(inverted)).Volume.ShouldBe(-1, 1e-9);
    }
}
