using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Tests.Meshes;

public sealed class MeshTopologyTests
{
    [Fact]
    public void Analyze_ClosedBox_IsWatertightSingleSolid()
    {
        var topology = MeshTopology.Analyze(MeshBuilder.Box(Vec3.Zero, new Vec3(1, 1, 1)));

        topology.IsWatertight.ShouldBeTrue();
        topology.IsSingleSolid.ShouldBeTrue();
        topology.Triangles.ShouldBe(12);
    }

    [Fact]
    public void Analyze_BoxWithAnInwardFacingBoxInside_CountsOneCavity()
    {
        var outer = MeshBuilder.BoxCorners(Vec3.Zero, new Vec3(2, 2, 2));
        var inner = MeshBuilder.BoxCorners(new Vec3(0.5, 0.5, 0.5), new Vec3(1, 1, 1)).Select(t => (t.Item1, t.Item3, t.Item2));

        var hollow = MeshTopology.Analyze(TriangleMesh.FromCorners(outer.Concat(inner)));
        var twoSolids = MeshTopology.Analyze(TriangleMesh.FromCorners(outer.Concat(MeshBuilder.BoxCorners(new Vec3(3, 0, 0), new Vec3(1, 1, 1)))));

        hollow.Components.ShouldBe(2);
        hollow.Cavities.ShouldBe(1);
        twoSolids.Components.ShouldBe(2);
        twoSolids.Cavities.ShouldBe(0);
        hollow.DescribeSolids().ShouldBe("hollow: 1 sealed cavity inside it, which no process here can make or clean out; open each cavity to the outside (a hole through the wall) or fill it in");
        twoSolids.DescribeSolids().ShouldBe("2 solids");
    }

    [Fact]
    public void Analyze_BoxWithAMissingTriangle_HasThreeOpenEdges()
    {
        var corners = MeshBuilder.BoxCorners(Vec3.Zero, new Vec3(1, 1, 1)).Skip(1);

        var topology = MeshTopology.Analyze(TriangleMesh.FromCorners(corners));

        topology.IsWatertight.ShouldBeFalse();
        topology.BoundaryEdges.ShouldBe(3);
    }

    [Fact]
    public void Analyze_OneFlippedTriangle_ReportsMisorientedEdges()
    {
        var corners = MeshBuilder.BoxCorners(Vec3.Zero, new Vec3(1, 1, 1));
        corners[0] = (corners[0].Item1, corners[0].Item3, corners[0].Item2);

        var topology = MeshTopology.Analyze(TriangleMesh.FromCorners(corners));

        topology.IsWatertight.ShouldBeFalse();
        topology.MisorientedEdges.ShouldBe(3);
    }

    [Fact]
    public void Analyze_TwoSeparateBoxes_IsWatertightButTwoSolids()
    {
        var corners = MeshBuilder.BoxCorners(Vec3.Zero, new Vec3(1, 1, 1)).Concat(MeshBuilder.BoxCorners(new Vec3(3, 0, 0), new Vec3(1, 1, 1)));

        var topology = MeshTopology.Analyze(TriangleMesh.FromCorners(corners));

        topology.IsWatertight.ShouldBeTrue();
        topology.Components.ShouldBe(2);
        topology.IsSingleSolid.ShouldBeFalse();
    }
}
