namespace Leviathan.Simulation.Geometry;

/// <summary>
/// The exact penetration depth of two convex polytopes: the shortest distance one must move to separate them.
/// By the separating axis theorem it is the smallest overlap of their projections over the face normals of both
/// and the cross products of an edge of each (for two boxes the classic 15 axes); any other direction overlaps
/// at least as much, so the minimum over these candidates is exact, not an estimate.
/// </summary>
internal static class PenetrationDepth
{
    /// <summary>The depth in the solids' unit (0 when they are apart or only touch).</summary>
    public static double Between(ConvexSolid a, ConvexSolid b) => Between(a, b, out _);

    /// <summary>
    /// The depth in the solids' unit (0 when they are apart or only touch) and the unit axis along which moving
    /// <paramref name="b"/> by the depth separates the two (either sense; zero when apart).
    /// </summary>
    public static double Between(ConvexSolid a, ConvexSolid b, out (double X, double Y, double Z) axis)
    {
        var least = double.PositiveInfinity;
        axis = default;
        if (!Faces(a.Normals, a, b, ref least, ref axis) || !Faces(b.Normals, a, b, ref least, ref axis))
        {
            axis = default;
            return 0;
        }

        // Many edge pairs give a direction already tested (two upright prisms: every one), so each line is tested once.
        var tested = new HashSet<(long, long, long)>();
        AddLines(tested, a.Normals);
        AddLines(tested, b.Normals);
        var ea = a.Edges;
        var eb = b.Edges;
        for (var i = 0; i < ea.Length; i += 3)
        {
            for (var j = 0; j < eb.Length; j += 3)
            {
                var x = (ea[i + 1] * eb[j + 2]) - (ea[i + 2] * eb[j + 1]);
                var y = (ea[i + 2] * eb[j]) - (ea[i] * eb[j + 2]);
                var z = (ea[i] * eb[j + 1]) - (ea[i + 1] * eb[j]);
                var length = Math.Sqrt((x * x) + (y * y) + (z * z));
                if (length < 1e-9 || !tested.Add(Line(x / length, y / length, z / length)))
                {
                    continue; // parallel edges (the face normals cover this direction), or a direction already tested
                }

                var overlap = Overlap(a, b, x / length, y / length, z / length);
                if (overlap <= 0)
                {
                    axis = default;
                    return 0;
                }

                if (overlap < least)
                {
                    least = overlap;
                    axis = (x / length, y / length, z / length);
                }
            }
        }

        return double.IsPositiveInfinity(least) ? 0 : least;
    }

    /// <summary>
    /// A key for the line through a unit direction: its sign made canonical (first clearly non-zero component
    /// positive) and rounded to 1e-7, as <see cref="DirectionSet"/> does; directions that close differ in overlap by
    /// at most 1e-7 of the solids' extent.
    /// </summary>
    private static (long, long, long) Line(double x, double y, double z)
    {
        const double Grid = 1e7;
        if (Math.Abs(x) > 1e-9 ? x < 0 : Math.Abs(y) > 1e-9 ? y < 0 : z < 0)
        {
            (x, y, z) = (-x, -y, -z);
        }

        return ((long)Math.Round(x * Grid), (long)Math.Round(y * Grid), (long)Math.Round(z * Grid));
    }

    private static void AddLines(HashSet<(long, long, long)> lines, double[] units)
    {
        for (var i = 0; i < units.Length; i += 3)
        {
            lines.Add(Line(units[i], units[i + 1], units[i + 2]));
        }
    }

    private static bool Faces(double[] normals, ConvexSolid a, ConvexSolid b, ref double least, ref (double X, double Y, double Z) axis)
    {
        for (var i = 0; i < normals.Length; i += 3)
        {
            var overlap = Overlap(a, b, normals[i], normals[i + 1], normals[i + 2]);
            if (overlap <= 0)
            {
                return false;
            }

            if (overlap < least)
            {
                least = overlap;
                axis = (normals[i], normals[i + 1], normals[i + 2]);
            }
        }

        return true;
    }

    /// <summary>How far the projections of the two solids on the unit axis overlap (negative: a gap).</summary>
    private static double Overlap(ConvexSolid a, ConvexSolid b, double x, double y, double z)
    {
        var (aMin, aMax) = Project(a.Vertices, x, y, z);
        var (bMin, bMax) = Project(b.Vertices, x, y, z);
        return Math.Min(aMax - bMin, bMax - aMin);
    }

    private static (double Min, double Max) Project(double[] vertices, double x, double y, double z)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        for (var v = 0; v < vertices.Length; v += 3)
        {
            var p = (vertices[v] * x) + (vertices[v + 1] * y) + (vertices[v + 2] * z);
            min = Math.Min(min, p);
            max = Math.Max(max, p);
        }

        return (min, max);
    }
}
