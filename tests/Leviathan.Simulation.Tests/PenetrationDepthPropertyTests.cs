using CsCheck;
using Leviathan.Simulation.Geometry;

namespace Leviathan.Simulation.Tests;

/// <summary>
/// Properties of the exact box depth over random pairs of oriented boxes: moving one box by the depth along the
/// reported axis separates them and any shorter move does not; no direction overlaps less than the depth.
/// </summary>
public sealed class PenetrationDepthPropertyTests
{
    private static readonly Gen<(double[] Centre, double[] Half, double[] Matrix)> BoxGen =
        Gen.Select(
            Gen.Double[-0.05, 0.05].Array[3],
            Gen.Double[0.004, 0.08].Array[3],
            Gen.Double[-1, 1].Array[4].Where(q => q.Sum(v => v * v) > 0.01))
        .Select((c, h, q) => (c, h, Matrix(q)));

    private static readonly Gen<((double[] Centre, double[] Half, double[] Matrix) A, (double[] Centre, double[] Half, double[] Matrix) B, double[] Direction)> PairGen =
        Gen.Select(BoxGen, BoxGen, Gen.Double[-1, 1].Array[3].Where(d => d.Sum(v => v * v) > 0.01));

    [Fact]
    public void Between_RandomBoxes_MovingByTheDepthAlongTheAxisSeparatesAndNoShorterMoveDoes()
    {
        PairGen.Sample(pair =>
        {
            var a = Solid(pair.A);
            var depth = PenetrationDepth.Between(a, Solid(pair.B), out var axis);
            if (depth < 1e-6)
            {
                return true;
            }

            // Either sense of the axis may be the way out; the shortest way out is along one of them.
            var separates = Moved(pair.B, axis, depth + 1e-7, a) == 0 || Moved(pair.B, axis, -(depth + 1e-7), a) == 0;
            var shorterStillOverlaps = Moved(pair.B, axis, depth - 1e-6, a) > 0 && Moved(pair.B, axis, -(depth - 1e-6), a) > 0;
            return separates && shorterStillOverlaps;
        }, iter: 2000);
    }

    [Fact]
    public void Between_RandomBoxes_NoDirectionOverlapsLessThanTheDepth()
    {
        PairGen.Sample(pair =>
        {
            var a = Solid(pair.A);
            var b = Solid(pair.B);
            var depth = PenetrationDepth.Between(a, b);
            var d = pair.Direction;
            var length = Math.Sqrt(d.Sum(v => v * v));
            var (aMin, aMax) = Project(a.Vertices, d[0] / length, d[1] / length, d[2] / length);
            var (bMin, bMax) = Project(b.Vertices, d[0] / length, d[1] / length, d[2] / length);
            var overlap = Math.Min(aMax - bMin, bMax - aMin);
            // Directions within 1e-7 of one another share one test (PenetrationDepth.Line), so the depth may exceed the true
            // minimum by that angle times the solids' extent: well under 1e-7 m here, four orders below the 1 mm judged.
            return depth == 0 || overlap >= depth - 1e-7; // apart: some direction shows a gap, nothing to bound
        }, iter: 5000);
    }

    [Fact]
    public void Between_BoxAsATwelveTriangleMesh_HasTheBoxDepth()
    {
        int[] triangles = [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5];
        PairGen.Sample(pair =>
        {
            var (centre, half, matrix) = pair.B;
            var local = new double[24];
            for (var corner = 0; corner < 8; corner++)
            {
                for (var j = 0; j < 3; j++)
                {
                    local[(3 * corner) + j] = ((corner & (1 << j)) == 0 ? -1 : 1) * half[j];
                }
            }

            var a = Solid(pair.A);
            var mesh = ConvexSolid.Mesh(local, triangles, centre, matrix);
            // Equal up to the 1e-7 direction grid both share (see the test above).
            return Math.Abs(PenetrationDepth.Between(a, mesh) - PenetrationDepth.Between(a, Solid(pair.B))) < 1e-7;
        }, iter: 1000);
    }

    private static ConvexSolid Solid((double[] Centre, double[] Half, double[] Matrix) box) => ConvexSolid.Box(box.Centre, box.Half, box.Matrix);

    private static double Moved((double[] Centre, double[] Half, double[] Matrix) box, (double X, double Y, double Z) axis, double distance, ConvexSolid other)
    {
        double[] centre = [box.Centre[0] + (axis.X * distance), box.Centre[1] + (axis.Y * distance), box.Centre[2] + (axis.Z * distance)];
        return PenetrationDepth.Between(other, ConvexSolid.Box(centre, box.Half, box.Matrix));
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

    /// <summary>Row-major rotation matrix of the (normalised) quaternion w, x, y, z.</summary>
    private static double[] Matrix(double[] q)
    {
        var n = Math.Sqrt(q.Sum(v => v * v));
        double w = q[0] / n, x = q[1] / n, y = q[2] / n, z = q[3] / n;
        return
        [
            1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (z * w)), 2 * ((x * z) + (y * w)),
            2 * ((x * y) + (z * w)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (x * w)),
            2 * ((x * z) - (y * w)), 2 * ((y * z) + (x * w)), 1 - (2 * ((x * x) + (y * y))),
        ];
    }
}
