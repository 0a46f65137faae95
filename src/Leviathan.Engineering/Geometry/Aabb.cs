namespace Leviathan.Engineering.Geometry;

/// <summary>An axis-aligned box given by its two corners.</summary>
public readonly record struct Aabb(Vec3 Min, Vec3 Max)
{
    public Vec3 Size => Max - Min;

    public Vec3 Center => (Min + Max) / 2;

    public static Aabb Empty => new(
        new Vec3(double.PositiveInfinity, double.PositiveInfinity, double.PositiveInfinity),
        new Vec3(double.NegativeInfinity, double.NegativeInfinity, double.NegativeInfinity));

    public Aabb Include(Vec3 point) => new(Vec3.Min(Min, point), Vec3.Max(Max, point));

    public Aabb Union(Aabb other) => new(Vec3.Min(Min, other.Min), Vec3.Max(Max, other.Max));

    public bool Contains(Vec3 point, double tolerance = 0) =>
        point.X >= Min.X - tolerance && point.X <= Max.X + tolerance &&
        point.Y >= Min.Y - tolerance && point.Y <= Max.Y + tolerance &&
        point.Z >= Min.Z - tolerance && point.Z <= Max.Z + tolerance;

    public bool Contains(Aabb other, double tolerance = 0) => Contains(other.Min, tolerance) && Contains(other.Max, tolerance);

    /// <summary>True when the boxes share volume (touching faces do not count).</summary>
    public bool Overlaps(Aabb other, double tolerance = 0) =>
        Min.X < other.Max.X - tolerance && other.Min.X < Max.X - tolerance &&
        Min.Y < other.Max.Y - tolerance && other.Min.Y < Max.Y - tolerance &&
        Min.Z < other.Max.Z - tolerance && other.Min.Z < Max.Z - tolerance;

    /// <summary>Distance from a point to the box; zero inside.</summary>
    public double DistanceTo(Vec3 point)
    {
        var dx = Math.Max(Math.Max(Min.X - point.X, 0), point.X - Max.X);
        var dy = Math.Max(Math.Max(Min.Y - point.Y, 0), point.Y - Max.Y);
        var dz = Math.Max(Math.Max(Min.Z - point.Z, 0), point.Z - Max.Z);
        return Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
    }

    public Aabb Scale(double factor) => new(Min * factor, Max * factor);

    public Aabb Translate(Vec3 offset) => new(Min + offset, Max + offset);
}
