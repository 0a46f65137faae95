using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Materials;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Cad;

public sealed class OpenScadPartTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-cad");

    [Fact]
    public async Task Analyze_TenMillimetreCube_IsOneCubicCentimetreAndWeighsItsDensity()
    {
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, "cube.scad", "cube(10);");

        analysis.Succeeded.ShouldBeTrue(analysis.Render.Describe());
        var part = analysis.Part!;
        part.VolumeCm3.ShouldBe(1.0, 1e-6);
        part.Mass(MaterialTable.Get("pla").Density).ShouldBe(0.00124, 1e-9);
        part.Mass(MaterialTable.Get("aluminium_6061").Density).ShouldBe(0.0027, 1e-9);
        part.Mass(MaterialTable.Get("steel").Density).ShouldBe(0.00785, 1e-9);
        part.Properties.Bounds.Size.X.ShouldBe(10, 1e-6);
        part.Properties.Centroid.Z.ShouldBe(5, 1e-6);
        part.Topology.IsSingleSolid.ShouldBeTrue();
    }

    [Fact]
    public async Task Analyze_SyntaxError_ReturnsOpenScadsMessageWithTheLine()
    {
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, "broken.scad", "// a bracket\ncube(10);\ntranslate([0, 0, 10]\n  cube(5;\n");

        analysis.Succeeded.ShouldBeFalse();
        var error = analysis.Render.Errors.ShouldHaveSingleItem();
        error.Message.ShouldStartWith("ERROR: Parser error");
        error.Line.ShouldBe(4);
        analysis.Render.Describe().ShouldContain("broken.scad line 4: ERROR: Parser error");
    }

    [Fact]
    public async Task Analyze_UnknownModule_FailsInsteadOfSilentlyDroppingGeometry()
    {
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, "typo.scad", "cube(10);\ncylindr(r=2, h=5);\n");

        analysis.Succeeded.ShouldBeFalse();
        analysis.Render.Errors.ShouldHaveSingleItem().Message.ShouldContain("Ignoring unknown module 'cylindr'");
    }

    [Fact]
    public async Task Analyze_EmptyProgram_SaysThereIsNoGeometry()
    {
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, "empty.scad", "x = 1;\n");

        analysis.Succeeded.ShouldBeFalse();
        analysis.Render.IsEmptyGeometry.ShouldBeTrue();
    }

    [Fact]
    public async Task Analyze_TwoSeparateCubes_IsWatertightButNotASingleSolid()
    {
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, "two.scad", "cube(5);\ntranslate([20, 0, 0]) cube(5);\n");

        analysis.Part!.Topology.IsWatertight.ShouldBeTrue();
        analysis.Part.Topology.Components.ShouldBe(2);
    }

    [Fact]
    public async Task Analyze_PolyhedronWithAMissingFace_IsNotWatertight()
    {
        // A tetrahedron with only three of its four faces: OpenSCAD exports it as it is.
        var source = "polyhedron(points=[[0,0,0],[10,0,0],[0,10,0],[0,0,10]], faces=[[0,1,2],[0,3,1],[0,2,3]]);\n";

        var analysis = await RealCad.AnalyzeAsync(_temp.Path, "open.scad", source);

        analysis.Succeeded.ShouldBeTrue(analysis.Render.Describe());
        analysis.Part!.Topology.IsWatertight.ShouldBeFalse();
        analysis.Part.Topology.BoundaryEdges.ShouldBe(3);
    }

    [Fact]
    public async Task Render_SameProgramTwice_SecondComesFromTheCache()
    {
        var cache = _temp.Combine("cache");
        var source = $"cube([{Random.Shared.Next(1, 1000)}, 3, 3]);";

        var first = await RealCad.AnalyzeAsync(_temp.Combine("a"), "p.scad", source, cache);
        var second = await RealCad.AnalyzeAsync(_temp.Combine("a"), "p.scad", source, cache);

        first.Render.FromCache.ShouldBeFalse();
        second.Render.FromCache.ShouldBeTrue();
        second.Part!.MeshHash.ShouldBe(first.Part!.MeshHash);
    }

    [Fact]
    public async Task Render_IncludedFileChanges_RendersAgain()
    {
        var folder = _temp.Combine("inc");
        var cache = _temp.Combine("cache2");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "size.scad"), "s = 10;");
        var first = await RealCad.AnalyzeAsync(folder, "p.scad", "include <size.scad>\ncube(s);", cache);
        await File.WriteAllTextAsync(Path.Combine(folder, "size.scad"), "s = 20;");

        var second = await RealCad.AnalyzeAsync(folder, "p.scad", "include <size.scad>\ncube(s);", cache);

        first.Part!.VolumeCm3.ShouldBe(1, 1e-6);
        second.Part!.VolumeCm3.ShouldBe(8, 1e-6);
    }

    [Fact]
    public async Task Preview_WritesAPng()
    {
        var path = _temp.Combine("cube.scad");
        await File.WriteAllTextAsync(path, "cube(10);");
        var png = _temp.Combine("out", "cube.png");

        var render = await RealCad.Client().PreviewAsync(path, png, 160, 120, CancellationToken.None);

        render.Succeeded.ShouldBeTrue(render.Describe());
        var bytes = await File.ReadAllBytesAsync(png);
        bytes[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
    }

    public void Dispose() => _temp.Dispose();
}
