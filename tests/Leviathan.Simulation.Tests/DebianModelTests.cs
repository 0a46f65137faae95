namespace Leviathan.Simulation.Tests;

/// <summary>Every model Debian ships with MuJoCo (libmujoco-samples) validates and steps.</summary>
public sealed class DebianModelTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    private const string ModelFolder = "/usr/share/mujoco/model";

    public static TheoryData<string> Models()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(ModelFolder, "*.xml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(ModelFolder, file));
        }

        return data;
    }

    [Fact]
    public void Models_AreInstalled() => Models().Count.ShouldBeGreaterThanOrEqualTo(18, "libmujoco-samples should be installed by scripts/setup.sh");

    [Theory]
    [MemberData(nameof(Models))]
    public async Task Validate_DebianModel_IsValidAndSteps(string relative)
    {
        var path = Path.Combine(ModelFolder, relative);
        // The heaviest models (3000-dof particles, 100 humanoids) get fewer frames to keep CI fast.
        var frames = relative.Contains("particle", StringComparison.Ordinal) || relative.Contains("humanoid100.xml", StringComparison.Ordinal) ? 50 : 500;

        var report = await fixture.Client.ValidateAsync(ModelSource.FromFile(path), new Validation.ValidationOptions { Frames = frames }, CancellationToken.None);

        report.Errors.ShouldBeEmpty(string.Join("; ", report.Errors));
        report.Compiled.ShouldBeTrue();
        report.Stats.Frames.ShouldBe(frames);
        report.Stats.NBody.ShouldBeGreaterThan(1);
        if (relative == "composite/scene.xml")
        {
            // the shared scene of the composite examples holds only a floor and a mocap body
            report.Warnings.ShouldContain(w => w.Code == FindingCodes.NoDynamics);
        }
        else
        {
            report.Warnings.ShouldNotContain(w => w.Code == FindingCodes.NoDynamics);
        }
    }

    [Fact]
    public async Task Simulate_Humanoid_FallsUnderGravity()
    {
        var result = await fixture.Client.SimulateAsync(
            new Running.SimulationRequest { Model = ModelSource.FromFile(Path.Combine(ModelFolder, "humanoid/humanoid.xml")), Seconds = 2, Bodies = ["torso"] },
            CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error?.Message ?? result.Instability?.Reason);
        result.Trajectories["torso"][0].Z.ShouldBeGreaterThan(1.0);
        result.FinalPoses["torso"].Position.Z.ShouldBeLessThan(0.5, "with no controls the humanoid collapses");
    }
}
