namespace Leviathan.Simulation.Rendering;

/// <summary>
/// Places MuJoCo's free camera so that a box (the scene's bounds) fills the image from a <see cref="CameraView"/>:
/// it looks at the box's centre from the view's azimuth and elevation, as close as the field of view allows
/// with a margin on every side.
/// </summary>
internal static class CameraFraming
{
    /// <summary>Share of the half-image left free around the scene.</summary>
    private const double Margin = 0.06;

    /// <summary>MuJoCo's azimuth and elevation (degrees) of a view.</summary>
    public static (double Azimuth, double Elevation) Angles(CameraView view) => view switch
    {
        CameraView.Iso => (45, -30),
        CameraView.Top => (90, -90),
        CameraView.Front => (90, 0),
        CameraView.Side => (0, 0),
        _ => throw new ArgumentOutOfRangeException(nameof(view), view, "unknown camera view"),
    };

    /// <summary>The camera for <paramref name="view"/> that shows the box from <paramref name="lo"/> to <paramref name="hi"/>.</summary>
    public static CameraPose Frame(Vec3 lo, Vec3 hi, CameraView view, double fovyDegrees, double aspect)
    {
        var (azimuth, elevation) = Angles(view);
        var centre = new Vec3((lo.X + hi.X) / 2, (lo.Y + hi.Y) / 2, (lo.Z + hi.Z) / 2);
        var (forward, up, right) = Axes(azimuth, elevation);
        var tanY = Math.Tan(fovyDegrees * Math.PI / 360) * (1 - Margin);
        var tanX = tanY * aspect;
        var distance = 0.0;
        foreach (var corner in Corners(lo, hi))
        {
            var q = corner - centre;
            var x = Math.Abs(Dot(q, right));
            var y = Math.Abs(Dot(q, up));
            var z = Dot(q, forward);
            distance = Math.Max(distance, Math.Max(x / tanX, y / tanY) - z);
        }

        // a scene without size (a lone point) still gets a camera a little way off
        var extent = HalfDiagonal(lo, hi);
        distance = Math.Max(distance, Math.Max(extent * 1.05, 0.1));
        return new CameraPose(centre, distance, azimuth, elevation);
    }

    /// <summary>Half the diagonal of the box.</summary>
    public static double HalfDiagonal(Vec3 lo, Vec3 hi) => (hi - lo).Length / 2;

    /// <summary>The camera's forward, up and right directions, as MuJoCo's free camera computes them.</summary>
    public static (Vec3 Forward, Vec3 Up, Vec3 Right) Axes(double azimuthDegrees, double elevationDegrees)
    {
        var a = azimuthDegrees * Math.PI / 180;
        var e = elevationDegrees * Math.PI / 180;
        var forward = new Vec3(Math.Cos(e) * Math.Cos(a), Math.Cos(e) * Math.Sin(a), Math.Sin(e));
        var up = new Vec3(-Math.Sin(e) * Math.Cos(a), -Math.Sin(e) * Math.Sin(a), Math.Cos(e));
        var right = new Vec3(
            (forward.Y * up.Z) - (forward.Z * up.Y),
            (forward.Z * up.X) - (forward.X * up.Z),
            (forward.X * up.Y) - (forward.Y * up.X));
        return (forward, up, right);
    }

    private static IEnumerable<Vec3> Corners(Vec3 lo, Vec3 hi)
    {
        for (var i = 0; i < 8; i++)
        {
            yield return new Vec3((i & 1) == 0 ? lo.X : hi.X, (i & 2) == 0 ? lo.Y : hi.Y, (i & 4) == 0 ? lo.Z : hi.Z);
        }
    }

    private static double Dot(Vec3 a, Vec3 b) => (a.X * b.X) + (a.Y * b.Y) + (a.Z * b.Z);
}
