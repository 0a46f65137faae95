using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// A box with its own axes, for the solver's screening: how deep two boxes interpenetrate, by the separating
/// axis test over the 15 candidate axes (0 when they are apart or only touch).
/// </summary>
internal readonly record struct OrientedBox(Vec3 Centre, Vec3 Half, Vec3 AxisX, Vec3 AxisY, Vec3 AxisZ)
{
    public static OrientedBox From(Vec3 centre, Vec3 size, Rotation rotation) => new(
        centre,
        size / 2,
        rotation.Apply(new Vec3(1, 0, 0)),
        rotation.Apply(new Vec3(0, 1, 0)),
        rotation.Apply(new Vec3(0, 0, 1)));

    public static OrientedBox From(Aabb box) => new(box.Center, box.Size / 2, new Vec3(1, 0, 0), new Vec3(0, 1, 0), new Vec3(0, 0, 1));

    /// <summary>The world bounding box.</summary>
    public Aabb Bounds
    {
        get
        {
            var h = new Vec3(Extent(new Vec3(1, 0, 0)), Extent(new Vec3(0, 1, 0)), Extent(new Vec3(0, 0, 1)));
            return new Aabb(Centre - h, Centre + h);
        }
    }

    /// <summary>The smallest overlap of the two boxes' projections over all separating-axis candidates (metres); 0 when apart.</summary>
    public double Penetration(OrientedBox other)
    {
        Span<Vec3> own = [AxisX, AxisY, AxisZ];
        Span<Vec3> theirs = [other.AxisX, other.AxisY, other.AxisZ];
        var offset = other.Centre - Centre;
        var least = double.PositiveInfinity;
        for (var i = 0; i < 15; i++)
        {
            var axis = i switch
            {
                < 3 => own[i],
                < 6 => theirs[i - 3],
                _ => own[(i - 6) / 3].Cross(theirs[(i - 6) % 3]),
            };
            var length = axis.Length;
            if (length < 1e-9)
            {
                continue; // parallel edges: covered by the face axes
            }

            axis /= length;
            var overlap = Extent(axis) + other.Extent(axis) - Math.Abs(offset.Dot(axis));
            if (overlap <= 0)
            {
                return 0;
            }

            least = Math.Min(least, overlap);
        }

        return least;
    }

    private double Extent(Vec3 axis) =>
        (Math.Abs(AxisX.Dot(axis)) * Half.X) + (Math.Abs(AxisY.Dot(axis)) * Half.Y) + (Math.Abs(AxisZ.Dot(axis)) * Half.Z);
}
