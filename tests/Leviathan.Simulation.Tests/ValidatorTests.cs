namespace Leviathan.Simulation.Tests;

public sealed class ValidatorTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    private readonly SimulationClient _client = fixture.Client;

    private Task<Validation.ValidationReport> ValidateAsync(string xml, Validation.ValidationOptions? options = null) =>
        _client.ValidateAsync(ModelSource.FromFile(fixture.Write(xml)), options, CancellationToken.None);

    [Fact]
    public async Task ValidateAsync_ValidModel_IsValidWithStats()
    {
        var report = await ValidateAsync(TestModels.FallingBox);

        report.Valid.ShouldBeTrue(string.Join("; ", report.Errors));
        report.Compiled.ShouldBeTrue();
        report.Stats.NBody.ShouldBe(2);
        report.Stats.NGeom.ShouldBe(2);
        report.Stats.NJnt.ShouldBe(1);
        report.Stats.Frames.ShouldBe(500);
        report.Stats.SimTimeSeconds.ShouldBe(1.0, 1e-9);
        report.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public async Task ValidateAsync_NotWellFormed_ReportsXmlParseWithLine()
    {
        var report = await ValidateAsync(TestModels.NotWellFormed);

        report.Valid.ShouldBeFalse();
        report.Compiled.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.XmlParse);
        error.Line.ShouldBe(4);
        error.Message.ShouldContain("worldbody");
    }

    [Theory]
    [InlineData(nameof(TestModels.UnknownAttribute), "unrecognized attribute: 'colour'", "geom")]
    [InlineData(nameof(TestModels.UnknownElement), "unrecognized element", "gizmo")]
    [InlineData(nameof(TestModels.BadKeyword), "invalid keyword: 'sphre'", "geom")]
    public async Task ValidateAsync_SchemaViolation_ReportsMujocoMessageElementAndLine(string model, string message, string element)
    {
        var xml = (string)typeof(TestModels).GetField(model)!.GetValue(null)!;
        var report = await ValidateAsync(xml);

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Schema);
        error.Message.ShouldContain(message);
        error.Element.ShouldBe(element);
        error.Line.ShouldBe(3);
    }

    [Fact]
    public async Task ValidateAsync_MissingMesh_NamesTheFile()
    {
        var report = await ValidateAsync(TestModels.MissingMesh);

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.AssetMissing);
        error.Message.ShouldContain("mesh 'bracket'");
        error.Message.ShouldContain("bracket.stl");
        error.Line.ShouldBe(3);
    }

    [Fact]
    public async Task ValidateAsync_MissingInclude_NamesTheFile()
    {
        var report = await ValidateAsync(TestModels.MissingInclude);

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.AssetMissing);
        error.Message.ShouldContain("parts/robot.xml");
        error.Element.ShouldBe("include");
    }

    [Fact]
    public async Task ValidateAsync_MeshFilePresent_LoadsItFromTheModelFolder()
    {
        var path = fixture.Write(TestModels.MissingMesh);
        // MuJoCo 2.2.2 reads binary STL only
        StlFiles.WriteTetrahedron(Path.Combine(Path.GetDirectoryName(path)!, "bracket.stl"), 0.1f);

        var report = await _client.ValidateAsync(ModelSource.FromFile(path), cancellationToken: CancellationToken.None);

        report.Errors.ShouldBeEmpty();
        report.Compiled.ShouldBeTrue();
    }

    [Fact]
    public async Task ValidateAsync_MeshFileChanged_IsCompiledAgainNotTakenFromTheCache()
    {
        var path = fixture.Write(TestModels.MissingMesh);
        var mesh = Path.Combine(Path.GetDirectoryName(path)!, "bracket.stl");
        StlFiles.WriteTetrahedron(mesh, 0.1f);
        var model = ModelSource.FromFile(path);
        (await _client.ValidateAsync(model, cancellationToken: CancellationToken.None)).Valid.ShouldBeTrue();
        (await _client.ValidateAsync(model, cancellationToken: CancellationToken.None)).Valid.ShouldBeTrue();

        File.WriteAllBytes(mesh, new byte[90]);
        File.SetLastWriteTimeUtc(mesh, File.GetLastWriteTimeUtc(mesh).AddMinutes(1));
        var report = await _client.ValidateAsync(model, cancellationToken: CancellationToken.None);

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Compile);
        error.Message.ShouldContain("bracket.stl");
    }

    [Theory]
    [InlineData(nameof(TestModels.Massless), "mass and inertia of moving bodies must be larger than mjMINVAL", "'ghost'", 3)]
    [InlineData(nameof(TestModels.UnknownJointTarget), "unknown transmission target 'elbow'", "'m'", 5)]
    public async Task ValidateAsync_CompileError_ReportsMujocoMessageVerbatim(string model, string message, string element, int line)
    {
        var xml = (string)typeof(TestModels).GetField(model)!.GetValue(null)!;
        var report = await ValidateAsync(xml);

        report.Compiled.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Compile);
        error.Message.ShouldBe($"Error: {message}" + (model == nameof(TestModels.UnknownJointTarget) ? " for actuator id = 0" : string.Empty));
        error.Element.ShouldBe(element);
        error.Line.ShouldBe(line);
    }

    [Fact]
    public async Task ValidateAsync_OverlappingGeoms_NamesBothAndTheDepth()
    {
        var report = await ValidateAsync(TestModels.Overlapping);

        report.Compiled.ShouldBeTrue();
        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Penetration);
        error.Message.ShouldContain("geom 'left_ball'");
        error.Message.ShouldContain("geom 'right_ball'");
        error.Message.ShouldContain("20 mm");
        report.Stats.MaxPenetrationMm.ShouldBe(20, 0.01);
    }

    [Fact]
    public async Task ValidateAsync_BlockSunkIntoBoxFloor_ReportsTheGeometricDepthAndRejects()
    {
        // MuJoCo 2.2.2's box-box collider reports 0.85 mm here; the block is 1.70 mm inside the floor.
        var report = await ValidateAsync("""
            <mujoco>
              <worldbody>
                <geom name="floor" type="box" size="0.7 0.35 0.01" pos="0 0 -0.01"/>
                <body name="block" pos="0.1 0 0.0233"><freejoint/><geom name="block" type="box" size="0.025 0.025 0.025"/></body>
              </worldbody>
            </mujoco>
            """);

        report.Valid.ShouldBeFalse();
        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Penetration);
        error.Message.ShouldContain("overlap by 1.7 mm");
        report.Stats.MaxPenetrationMm.ShouldBe(1.7, 1e-6);
    }

    [Fact]
    public async Task ValidateAsync_MeshCubeSunkIntoBoxFloor_ReportsTheGeometricDepthAndRejects()
    {
        var path = fixture.Write("""
            <mujoco>
              <asset><mesh name="cube" file="cube.stl"/></asset>
              <worldbody>
                <geom name="floor" type="box" size="0.7 0.35 0.01" pos="0 0 -0.01"/>
                <body name="block" pos="0.1 0 0.0233" euler="0 0 30"><freejoint/><geom name="block" type="mesh" mesh="cube"/></body>
              </worldbody>
            </mujoco>
            """);
        StlFiles.WriteCube(Path.Combine(Path.GetDirectoryName(path)!, "cube.stl"), 0.05f);
        var report = await _client.ValidateAsync(ModelSource.FromFile(path), null, CancellationToken.None);

        report.Valid.ShouldBeFalse();
        report.Errors.ShouldHaveSingleItem().Message.ShouldContain("overlap by 1.7 mm");
        report.Stats.MaxPenetrationMm.ShouldBe(1.7, 1e-4);
    }

    [Fact]
    public async Task ValidateAsync_BlockResting0Point9MmIntoBoxFloor_IsValid()
    {
        var report = await ValidateAsync("""
            <mujoco>
              <worldbody>
                <geom name="floor" type="box" size="0.7 0.35 0.01" pos="0 0 -0.01"/>
                <body name="block" pos="0.1 0 0.0241"><freejoint/><geom name="block" type="box" size="0.025 0.025 0.025"/></body>
              </worldbody>
            </mujoco>
            """);

        report.Valid.ShouldBeTrue(string.Join("; ", report.Errors));
        report.Stats.MaxPenetrationMm.ShouldBe(0.9, 1e-6);
    }

    [Fact]
    public async Task ValidateAsync_OverlapWithinTolerance_IsValid()
    {
        var report = await ValidateAsync(TestModels.Overlapping, new Validation.ValidationOptions { PenetrationToleranceMm = 25 });

        report.Valid.ShouldBeTrue(string.Join("; ", report.Errors));
        report.Stats.MaxPenetrationMm.ShouldBe(20, 0.01);
    }

    [Fact]
    public async Task ValidateAsync_DivergingModel_ReportsInstabilityWithTheFrame()
    {
        var report = await ValidateAsync(TestModels.Exploding);

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Instability);
        error.Message.ShouldContain($"frame {report.Stats.Frames}");
        report.Stats.Frames.ShouldBeLessThan(500);
    }

    [Fact]
    public async Task ValidateAsync_SpeedLimit_FlagsAFallingBodyAsUnstable()
    {
        var report = await ValidateAsync(TestModels.FallingBox, new Validation.ValidationOptions { MaxSpeed = 1.0 });

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Instability);
        error.Message.ShouldContain("above the limit 1");
    }

    [Fact]
    public async Task ValidateAsync_NothingCanMove_WarnsNoDynamicsButStaysValid()
    {
        var report = await ValidateAsync(TestModels.Static);

        report.Valid.ShouldBeTrue();
        report.Warnings.ShouldContain(w => w.Code == FindingCodes.NoDynamics);
    }

    [Fact]
    public async Task ValidateAsync_MujocoWarning_IsReportedAsAWarning()
    {
        var report = await ValidateAsync(TestModels.ContactBufferFull, new Validation.ValidationOptions { Frames = 20 });

        report.Warnings.ShouldContain(w => w.Code == FindingCodes.MujocoWarning && w.Message.Contains("contact", StringComparison.OrdinalIgnoreCase), string.Join("; ", report.Warnings));
    }

    [Fact]
    public async Task ValidateAsync_XmlText_ResolvesAssetsFromTheGivenFolder()
    {
        var report = await _client.ValidateAsync(
            ModelSource.FromXml(TestModels.MissingMesh, Path.GetTempPath()),
            cancellationToken: CancellationToken.None);

        var error = report.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.AssetMissing);
        error.Message.ShouldContain(Path.Combine(Path.GetTempPath(), "bracket.stl"));
    }

    [Fact]
    public async Task ValidateAsync_MissingFile_Throws()
    {
        await Should.ThrowAsync<FileNotFoundException>(() =>
            _client.ValidateAsync(ModelSource.FromFile("/nonexistent/model.xml"), cancellationToken: CancellationToken.None));
    }
}
