using Leviathan.Testing;

namespace Leviathan.Simulation.Tests;

/// <summary>Meshes handed to MuJoCo in memory (<see cref="ModelSource.Files"/>) instead of as files on disk.</summary>
public sealed class InMemoryFilesTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>, IDisposable
{
    private const string Model = """
        <mujoco model="in-memory-meshes">
          <asset>
            <mesh name="cube" file="parts/cube.stl" />
            <mesh name="wedge" file="wedge.stl" />
          </asset>
          <worldbody>
            <geom name="floor" type="plane" size="1 1 0.1" />
            <body name="cube" pos="0 0 0.3">
              <freejoint />
              <geom type="mesh" mesh="cube" density="500" />
            </body>
            <body name="wedge" pos="0.02 0.01 0.5" euler="0.3 0.2 0.1">
              <freejoint />
              <geom type="mesh" mesh="wedge" density="800" />
            </body>
          </worldbody>
        </mujoco>
        """;

    private readonly TempDirectory _temp = new("leviathan-sim-memory");

    [Fact]
    public async Task SimulateAsync_MeshesInMemory_MovesExactlyAsTheSameMeshesOnDisk()
    {
        var onDisk = _temp.Combine("disk");
        Directory.CreateDirectory(Path.Combine(onDisk, "parts"));
        StlFiles.WriteCube(Path.Combine(onDisk, "parts", "cube.stl"), 0.1f);
        StlFiles.WriteTetrahedron(Path.Combine(onDisk, "wedge.stl"), 0.08f);
        var files = new Dictionary<string, byte[]>
        {
            ["cube.stl"] = File.ReadAllBytes(Path.Combine(onDisk, "parts", "cube.stl")),
            ["wedge.stl"] = File.ReadAllBytes(Path.Combine(onDisk, "wedge.stl")),
        };
        var empty = _temp.Combine("empty");
        Directory.CreateDirectory(empty);

        var expected = await RunAsync(ModelSource.FromXml(Model, onDisk));
        expected.Succeeded.ShouldBeTrue(expected.Error?.Message);
        expected.FinalPoses["wedge"].Position.Z.ShouldBeLessThan(0.2, "the wedge fell onto the cube or the floor");

        // Several loads in a row in the same workers: the virtual file system is emptied after each.
        for (var i = 0; i < 4; i++)
        {
            var result = await RunAsync(ModelSource.FromXml(Model, empty, files));
            result.Succeeded.ShouldBeTrue(result.Error?.Message);
            result.FinalPoses["cube"].ShouldBe(expected.FinalPoses["cube"]);
            result.FinalPoses["wedge"].ShouldBe(expected.FinalPoses["wedge"]);
            result.Trajectories["wedge"].ShouldBe(expected.Trajectories["wedge"]);
        }
    }

    [Fact]
    public async Task SimulateAsync_MeshNeitherInMemoryNorOnDisk_ReportsTheMissingFile()
    {
        var empty = _temp.Combine("none");
        Directory.CreateDirectory(empty);
        StlFiles.WriteCube(_temp.Combine("cube.stl"), 0.1f);

        var result = await RunAsync(ModelSource.FromXml(Model, empty, new Dictionary<string, byte[]> { ["cube.stl"] = File.ReadAllBytes(_temp.Combine("cube.stl")) }));

        result.Succeeded.ShouldBeFalse();
        result.Error.ShouldNotBeNull().Code.ShouldBe(FindingCodes.AssetMissing);
        result.Error.Message.ShouldContain("wedge.stl");
    }

    [Fact]
    public void FromXml_FileNameWithAFolder_IsRefused()
    {
        Should.Throw<ArgumentException>(() => ModelSource.FromXml(Model, _temp.Path, new Dictionary<string, byte[]> { ["parts/cube.stl"] = [1] }));
    }

    public void Dispose() => _temp.Dispose();

    private Task<Running.SimulationResult> RunAsync(ModelSource model) =>
        fixture.Client.SimulateAsync(new Running.SimulationRequest { Model = model, Seconds = 1, Bodies = ["cube", "wedge"], SampleRateHz = 50 }, CancellationToken.None);
}
