using System.Text.Json;

namespace Leviathan.Cli.Tests;

public sealed class CadCommandTests
{
    [Fact]
    public async Task Inspect_TenMillimetreCubeOfPla_PrintsVolumeMassAndWatertightness()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "cube.scad", "cube(10);");

        var r = await cli.RunAsync("cad", "inspect", part, "--material", "pla");

        r.ExitCode.ShouldBe(0, r.Stderr);
        r.Stdout.ShouldContain("volume     1 cm³");
        r.Stdout.ShouldContain("mass       0.00124 kg (1.24 g)");
        r.Stdout.ShouldContain("size       10 x 10 x 10 mm");
        r.Stdout.ShouldContain("12 triangles, watertight, 1 solid");
        r.Stdout.ShouldContain("sandbox    bwrap");
    }

    [Fact]
    public async Task Inspect_Json_GivesMachineReadableFigures()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "block.scad", "cube([20, 10, 5]);");

        var r = await cli.RunAsync("cad", "inspect", part, "--material", "aluminium_6061", "--json");

        r.ExitCode.ShouldBe(0, r.Stderr);
        using var json = JsonDocument.Parse(r.Stdout);
        json.RootElement.GetProperty("volume_cm3").GetDouble().ShouldBe(1.0, 1e-9);
        json.RootElement.GetProperty("mass_kg").GetDouble().ShouldBe(0.0027, 1e-9);
        json.RootElement.GetProperty("watertight").GetBoolean().ShouldBeTrue();
        json.RootElement.GetProperty("size_mm")[0].GetDouble().ShouldBe(20);
    }

    [Fact]
    public async Task Inspect_SyntaxError_PrintsOpenScadsMessageWithTheLineAndExits1()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "bad.scad", "cube(10);\ntranslate([0, 0, 10]\n  cube(5;\n");

        var r = await cli.RunAsync("cad", "inspect", part);

        r.ExitCode.ShouldBe(1);
        r.Stdout.ShouldContain("bad.scad line 3: ERROR: Parser error: syntax error in file bad.scad, line 3");
        r.Stderr.ShouldContain("error: bad.scad did not render");
    }

    [Fact]
    public async Task Inspect_OpenMesh_SaysNotWatertight()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "open.scad", "polyhedron(points=[[0,0,0],[10,0,0],[0,10,0],[0,0,10]], faces=[[0,1,2],[0,3,1],[0,2,3]]);");

        var r = await cli.RunAsync("cad", "inspect", part);

        r.ExitCode.ShouldBe(0, r.Stderr);
        r.Stdout.ShouldContain("NOT watertight (3 open edges");
    }

    [Fact]
    public async Task Inspect_HollowPart_SaysItIsHollowAndHowToFixTheCavity_NotThatItIsTwoSolids()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "hollow.scad", "difference() { cube(20, center = true); cube(10, center = true); }");

        var text = await cli.RunAsync("cad", "inspect", part);
        var json = await cli.RunAsync("cad", "inspect", part, "--json");

        text.ExitCode.ShouldBe(0, text.Stderr);
        text.Stdout.ShouldContain("watertight, hollow: 1 sealed cavity inside it, which no process here can make or clean out; open each cavity to the outside (a hole through the wall) or fill it in");
        text.Stdout.ShouldNotContain("2 solids");
        var inspection = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!;
        ((int)inspection["cavities"]!).ShouldBe(1);
        ((bool)inspection["single_solid"]!).ShouldBeFalse();
    }

    [Fact]
    public async Task Inspect_UnknownMaterial_IsAUsageErrorListingTheMaterials()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "cube.scad", "cube(10);");

        var r = await cli.RunAsync("cad", "inspect", part, "--material", "wood");

        r.ExitCode.ShouldBe(2);
        r.Stderr.ShouldContain("unknown material 'wood'");
        r.Stderr.ShouldContain("hardwood");
    }

    [Fact]
    public async Task Preview_WritesAPngFile()
    {
        using var cli = new CliHarness();
        var part = Write(cli, "cube.scad", "cube(10);");
        var png = Path.Combine(cli.Scratch, "out", "cube.png");

        var r = await cli.RunAsync("cad", "preview", part, "--out", png, "--size", "200x150", "--create-dirs");

        r.ExitCode.ShouldBe(0, r.Stderr);
        File.ReadAllBytes(png)[1..4].ShouldBe("PNG"u8.ToArray());
    }

    [Fact]
    public async Task Inspect_PartIncludingAFileFromTheLeviathanHome_CannotReachIt()
    {
        // A home outside /root, /home and /tmp (which the sandbox hides anyway): only hiding the home itself protects it.
        var home = Path.Combine("/srv", "leviathan-cad-home-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(home);
        try
        {
            using var cli = new CliHarness();
            File.WriteAllText(Path.Combine(home, "secret.scad"), "cube(10);");
            var part = Write(cli, "reach.scad", $"include <{home}/secret.scad>\n");

            var r = await cli.RunAsync("--home", home, "cad", "inspect", part);

            r.ExitCode.ShouldBe(1);
            r.Stdout.ShouldContain("Can't open include file");
            r.Stdout.ShouldNotContain("volume");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static string Write(CliHarness cli, string name, string source)
    {
        var path = Path.Combine(cli.Scratch, name);
        File.WriteAllText(path, source);
        return path;
    }
}
