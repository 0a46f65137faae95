using Leviathan.Simulation.Geometry;

namespace Leviathan.Simulation.Tests;

public sealed class PenetrationDepthTests
{
    private static readonly double[] Identity = [1, 0, 0, 0, 1, 0, 0, 0, 1];

    private static ConvexSolid Box(double x, double y, double z, double hx, double hy, double hz, double[]? matrix = null) =>
        ConvexSolid.Box([x, y, z], [hx, hy, hz], matrix ?? Identity);

    private static double[] AboutZ(double degrees)
    {
        var a = degrees * Math.PI / 180;
        return [Math.Cos(a), -Math.Sin(a), 0, Math.Sin(a), Math.Cos(a), 0, 0, 0, 1];
    }

    private static double[] AboutY(double degrees)
    {
        var a = degrees * Math.PI / 180;
        return [Math.Cos(a), 0, Math.Sin(a), 0, 1, 0, -Math.Sin(a), 0, Math.Cos(a)];
    }

    [Fact]
    public void Between_BlockSunkIntoFloor_IsTheFullDepth()
    {
        var floor = Box(0, 0, -0.01, 0.7, 0.35, 0.01);
        var block = Box(0.1, 0, 0.025 - 0.0017, 0.025, 0.025, 0.025);

        PenetrationDepth.Between(floor, block).ShouldBe(0.0017, 1e-12);
    }

    [Fact]
    public void Between_TouchingOrApart_IsZero()
    {
        var floor = Box(0, 0, -0.01, 0.7, 0.35, 0.01);

        PenetrationDepth.Between(floor, Box(0, 0, 0.025, 0.025, 0.025, 0.025)).ShouldBe(0);
        PenetrationDepth.Between(floor, Box(0, 0, 0.03, 0.025, 0.025, 0.025)).ShouldBe(0);
    }

    [Fact]
    public void Between_CubeOnItsEdge_IsTheEdgeDepth()
    {
        // A cube turned 45° about Y rests on an edge: its lowest point is half a diagonal below its centre.
        var floor = Box(0, 0, -0.5, 2, 2, 0.5);
        var h = 0.1;
        var centre = (h * Math.Sqrt(2)) - 0.003;

        PenetrationDepth.Between(floor, Box(0, 0, centre, h, h, h, AboutY(45))).ShouldBe(0.003, 1e-9);
    }

    [Fact]
    public void Between_CrossedEdges_FindsTheEdgeAxis()
    {
        // Two long bars crossed at right angles, both turned 45° about their length so that edges meet edges.
        var s = Math.Sqrt(0.5);
        double[] barX = [1, 0, 0, 0, s, -s, 0, s, s];
        double[] barY = [s, 0, s, 0, 1, 0, -s, 0, s];
        var h = 0.01;
        var reach = h * Math.Sqrt(2);
        var a = ConvexSolid.Box([0, 0, 0], [1, h, h], barX);
        var b = ConvexSolid.Box([0, 0, (2 * reach) - 0.002], [h, 1, h], barY);

        PenetrationDepth.Between(a, b).ShouldBe(0.002, 1e-9);
    }

    [Fact]
    public void Between_MeshCubeAndBox_MatchesTheBoxPair()
    {
        double[] vertices = [-1, -1, -1, 1, -1, -1, -1, 1, -1, 1, 1, -1, -1, -1, 1, 1, -1, 1, -1, 1, 1, 1, 1, 1];
        for (var i = 0; i < vertices.Length; i++)
        {
            vertices[i] *= 0.02;
        }

        int[] triangles = [0, 2, 1, 1, 2, 3, 4, 5, 6, 5, 7, 6, 0, 1, 4, 1, 5, 4, 2, 6, 3, 3, 6, 7, 0, 4, 2, 2, 4, 6, 1, 3, 5, 3, 7, 5];
        var matrix = AboutZ(30);
        var mesh = ConvexSolid.Mesh(vertices, triangles, [0.3, 0.1, 0.02 - 0.0017], matrix);
        var floor = Box(0, 0, -0.01, 0.7, 0.35, 0.01);

        PenetrationDepth.Between(floor, mesh).ShouldBe(0.0017, 1e-9);
        PenetrationDepth.Between(floor, mesh)
            .ShouldBe(PenetrationDepth.Between(floor, Box(0.3, 0.1, 0.02 - 0.0017, 0.02, 0.02, 0.02, matrix)), 1e-12);
    }

    [Fact]
    public void Between_IsSymmetric()
    {
        var a = Box(0, 0, 0, 0.1, 0.05, 0.02, AboutZ(17));
        var b = Box(0.12, 0.03, 0.01, 0.04, 0.04, 0.04, AboutY(33));

        PenetrationDepth.Between(a, b).ShouldBe(PenetrationDepth.Between(b, a), 1e-15);
    }
}
