namespace Leviathan.Engineering.Geometry;

/// <summary>
/// A rotation as a unit quaternion (w, x, y, z), the order MuJoCo's <c>quat</c> attribute uses.
/// Euler angles follow OpenSCAD's <c>rotate([x, y, z])</c>: degrees, about the fixed X axis first,
/// then fixed Y, then fixed Z, so the same numbers mean the same pose in a part file and in a placement.
/// </summary>
public readonly record struct Rotation(double W, double X, double Y, double Z)
{
    public static Rotation Identity => new(1, 0, 0, 0);

    public static Rotation FromOpenScadEuler(Vec3 degrees)
    {
        var rx = AxisAngle(new Vec3(1, 0, 0), degrees.X);
        var ry = AxisAngle(new Vec3(0, 1, 0), degrees.Y);
        var rz = AxisAngle(new Vec3(0, 0, 1), degrees.Z);
        return rz * ry * rx;
    }

    public static Rotation AxisAngle(Vec3 axis, double degrees)
    {
        var half = degrees * Math.PI / 360.0;
        var unit = axis.Normalized();
        var s = Math.Sin(half);
        return new Rotation(Math.Cos(half), unit.X * s, unit.Y * s, unit.Z * s);
    }

    public static Rotation operator *(Rotation a, Rotation b) => new(
        (a.W * b.W) - (a.X * b.X) - (a.Y * b.Y) - (a.Z * b.Z),
        (a.W * b.X) + (a.X * b.W) + (a.Y * b.Z) - (a.Z * b.Y),
        (a.W * b.Y) - (a.X * b.Z) + (a.Y * b.W) + (a.Z * b.X),
        (a.W * b.Z) + (a.X * b.Y) - (a.Y * b.X) + (a.Z * b.W));

    public Vec3 Apply(Vec3 v)
    {
        var u = new Vec3(X, Y, Z);
        var t = u.Cross(v) * 2;
        return v + (t * W) + u.Cross(t);
    }

    /// <summary>The 3×3 rotation matrix, row-major.</summary>
    public double[,] ToMatrix() => new[,]
    {
        { 1 - (2 * ((Y * Y) + (Z * Z))), 2 * ((X * Y) - (Z * W)), 2 * ((X * Z) + (Y * W)) },
        { 2 * ((X * Y) + (Z * W)), 1 - (2 * ((X * X) + (Z * Z))), 2 * ((Y * Z) - (X * W)) },
        { 2 * ((X * Z) - (Y * W)), 2 * ((Y * Z) + (X * W)), 1 - (2 * ((X * X) + (Y * Y))) },
    };

    public double[] ToArray() => [W, X, Y, Z];
}
