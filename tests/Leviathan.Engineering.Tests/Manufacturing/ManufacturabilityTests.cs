using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Parts;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Manufacturing;

public sealed class ManufacturabilityTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-dfm");
    private readonly ManufacturingRules _rules = new();

    [Fact]
    public async Task Print_Cube_PassesWithoutSupport()
    {
        var report = await CheckAsync("cube(10);", ManufacturingProcess.Print3d);

        report.Passed.ShouldBeTrue();
        report.Notes.ShouldHaveSingleItem().ShouldContain("prints without support");
    }

    [Fact]
    public async Task Print_TShape_ReportsTheOverhang()
    {
        var report = await CheckAsync("cube([10, 10, 20]);\ntranslate([-10, 0, 20]) cube([30, 10, 5]);", ManufacturingProcess.Print3d);

        report.Passed.ShouldBeTrue();
        report.Notes.ShouldHaveSingleItem().ShouldContain("200 mm²");
    }

    [Fact]
    public async Task Print_TwoLooseSolids_FailsNamingPartRuleAndCount()
    {
        var report = await CheckAsync("cube(5);\ntranslate([10, 0, 0]) cube(5);", ManufacturingProcess.Print3d);

        var issue = report.Failures.ShouldHaveSingleItem();
        issue.Part.ShouldBe("part");
        issue.Rule.ShouldBe("single_solid");
        issue.Measured.ShouldBe(2);
    }

    [Fact]
    public async Task Print_HollowCube_AdvisesOpeningOrFillingTheCavity()
    {
        var report = await CheckAsync("difference() { cube(20, center = true); cube(10, center = true); }", ManufacturingProcess.Print3d);

        var issue = report.Failures.ShouldHaveSingleItem();
        issue.Rule.ShouldBe("single_solid");
        issue.Message.ShouldContain("the part is hollow: 1 sealed cavity inside it");
        issue.Message.ShouldContain("open each cavity to the outside");
        issue.Message.ShouldNotContain("split it into several parts");
    }

    [Fact]
    public async Task Print_OpenMesh_FailsWatertight()
    {
        var report = await CheckAsync("polyhedron(points=[[0,0,0],[10,0,0],[0,10,0],[0,0,10]], faces=[[0,1,2],[0,3,1],[0,2,3]]);", ManufacturingProcess.Print3d);

        var issue = report.Failures.ShouldHaveSingleItem();
        issue.Rule.ShouldBe("watertight");
        issue.Measured.ShouldBe(3);
    }

    [Fact]
    public async Task Print_TooLargeForThePrinter_FailsBuildVolume()
    {
        var report = await CheckAsync("cube([300, 20, 5]);", ManufacturingProcess.Print3d);

        var issue = report.Failures.ShouldHaveSingleItem();
        issue.Rule.ShouldBe("build_volume");
        issue.Measured.ShouldBe(300);
    }

    [Fact]
    public async Task Cnc_BlockWithRoundHole_Passes()
    {
        var report = await CheckAsync("difference() { cube([30, 30, 10]); translate([15, 15, -1]) cylinder(r=5, h=12, $fn=32); }", ManufacturingProcess.CncMilling);

        report.Passed.ShouldBeTrue(string.Join("; ", report.Failures.Select(f => f.Message)));
    }

    [Fact]
    public async Task Cnc_SquarePocket_FailsInternalCornerRadius()
    {
        var report = await CheckAsync("difference() { cube([30, 30, 10]); translate([10, 10, 5]) cube([10, 10, 6]); }", ManufacturingProcess.CncMilling);

        var issue = report.Failures.ShouldHaveSingleItem();
        issue.Rule.ShouldBe("internal_corner_radius");
        issue.Measured.ShouldBe(0);
        issue.Message.ShouldContain("part 'part' fails 'internal_corner_radius'");
    }

    [Fact]
    public async Task Cnc_RoundedPocket_PassesWhenTheRadiusFitsTheTool()
    {
        var report = await CheckAsync(
            "difference() { cube([30, 30, 10]); translate([10, 10, 5]) linear_extrude(6) offset(r=3, $fn=48) square([4, 4]); }", ManufacturingProcess.CncMilling);

        report.Failures.Where(f => f.Rule == "internal_corner_radius").ShouldBeEmpty();
    }

    [Fact]
    public async Task Cnc_TShapeUpsideDown_HasAnUndercut()
    {
        var report = await CheckAsync("cube([10, 10, 20]);\ntranslate([-10, 0, 20]) cube([30, 10, 5]);", ManufacturingProcess.CncMilling);

        var issue = report.Failures.ShouldHaveSingleItem(string.Join("; ", report.Failures.Select(f => f.Message)));
        issue.Rule.ShouldBe("undercut");
        // The bar's underside beside the stem (2 x 100 mm²) and the stem's sides below the bar (2 x 200 mm²).
        issue.Measured.ShouldBe(600, 0.01);
    }

    [Fact]
    public async Task Moulding_SolidCube_FailsDraftAndWallThickness()
    {
        var report = await CheckAsync("cube(10);", ManufacturingProcess.InjectionMoulding);

        report.Failures.Select(f => f.Rule).ShouldBe(["draft", "wall_thickness"], ignoreOrder: true);
        report.Failures.Single(f => f.Rule == "draft").Measured.ShouldBe(0);
        report.Failures.Single(f => f.Rule == "wall_thickness").Measured.ShouldBe(10, 1e-6);
    }

    [Fact]
    public async Task Moulding_ThinDraftedTray_Passes()
    {
        // A 2 mm plate with walls tapered by 3°: mouldable along Z.
        var report = await CheckAsync("linear_extrude(height=2, scale=0.995) square([40, 40], center=true);", ManufacturingProcess.InjectionMoulding);

        report.Passed.ShouldBeTrue(string.Join("; ", report.Failures.Select(f => f.Message)));
        report.MaximumWallThickness!.Value.ShouldBe(2, 0.01);
    }

    private async Task<ManufacturabilityReport> CheckAsync(string source, ManufacturingProcess process)
    {
        var analysis = await RealCad.AnalyzeAsync(_temp.Path, $"p{Guid.NewGuid():N}.scad", source);
        analysis.Succeeded.ShouldBeTrue(analysis.Render.Describe());
        CadPart part = analysis.Part!;
        return ManufacturabilityChecker.Check("part", part.Mesh, part.Topology, process, _rules);
    }

    public void Dispose() => _temp.Dispose();
}
