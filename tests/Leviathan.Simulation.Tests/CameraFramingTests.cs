using Leviathan.Simulation.Rendering;

namespace Leviathan.Simulation.Tests;

public sealed class CameraFramingTests
{
    [Theory]
    [InlineData(CameraView.Iso)]
    [InlineData(CameraView.Top)]
    [InlineData(CameraView.Front)]
    [InlineData(CameraView.Side)]
    public void Frame_FlatWideScene_KeepsEveryCornerInsideTheImageAndFillsIt(CameraView view)
    {
        var lo = new Vec3(-0.8, -0.4, -0.02);
        var hi = new Vec3(0.8, 0.4, 0.42);
        const double fovy = 45;
        const double aspect = 4.0 / 3;

        var pose = CameraFraming.Frame(lo, hi, view, fovy, aspect);

        var (forward, up, right) = CameraFraming.Axes(pose.Azimuth, pose.Elevation);
        var eye = pose.LookAt - Scale(forward, pose.Distance);
        var tanY = Math.Tan(fovy * Math.PI / 360);
        var widest = 0.0;
        foreach (var corner in new[] { lo, hi, new Vec3(lo.X, hi.Y, lo.Z), new Vec3(hi.X, lo.Y, hi.Z), new Vec3(lo.X, lo.Y, hi.Z), new Vec3(hi.X, hi.Y, lo.Z), new Vec3(hi.X, lo.Y, lo.Z), new Vec3(lo.X, hi.Y, hi.Z) })
        {
            var q = corner - eye;
            var depth = Dot(q, forward);
            depth.ShouldBeGreaterThan(0);
            var x = Math.Abs(Dot(q, right)) / (depth * tanY * aspect);
            var y = Math.Abs(Dot(q, up)) / (depth * tanY);
            x.ShouldBeLessThanOrEqualTo(1);
            y.ShouldBeLessThanOrEqualTo(1);
            widest = Math.Max(widest, Math.Max(x, y));
        }

        widest.ShouldBeGreaterThan(0.85, "the scene fills the image up to the margin");
    }

    [Fact]
    public void Axes_TopView_PutsXRightAndYUp()
    {
        var (forward, up, right) = CameraFraming.Axes(90, -90);

        forward.Z.ShouldBe(-1, 1e-9);
        right.X.ShouldBe(1, 1e-9);
        up.Y.ShouldBe(1, 1e-9);
    }

    private static Vec3 Scale(Vec3 v, double s) => new(v.X * s, v.Y * s, v.Z * s);

    private static double Dot(Vec3 a, Vec3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);
}
