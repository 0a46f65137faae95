using System.Text.Json;
using Leviathan.Testing;

namespace Leviathan.Cli.Tests;

public sealed class SimCommandTests : IDisposable
{
    private const string FallingBox = MjcfSamples.FallingBox;

    private const string Arm = """
        <mujoco>
          <option gravity="0 0 0"/>
          <worldbody>
            <body name="arm" pos="0 0 1">
              <joint name="hinge" type="hinge" axis="0 0 1"/>
              <geom type="capsule" fromto="0 0 0 0.5 0 0" size="0.02" mass="0.5"/>
              <body name="tip" pos="0.5 0 0"><geom type="sphere" size="0.03" mass="0.1"/></body>
            </body>
          </worldbody>
          <actuator><motor name="drive" joint="hinge" ctrllimited="true" ctrlrange="-1 1"/></actuator>
        </mujoco>
        """;

    private readonly CliHarness _cli = new();

    private string Write(string xml, string name = "model.xml")
    {
        var path = Path.Combine(_cli.Scratch, name);
        File.WriteAllText(path, xml);
        return path;
    }

    [Fact]
    public async Task Validate_ValidModel_PrintsVerdictAndExitsZero()
    {
        var result = await _cli.RunAsync("sim", "validate", Write(FallingBox));

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("model.xml: valid (2 bodies, 2 geoms, 1 joints, 0 actuators; 500 frames");
    }

    [Fact]
    public async Task Validate_BlockSunk1Point7MmIntoABoxFloor_ReportsTheGeometricDepthAndExitsOne()
    {
        // MuJoCo 2.2.2's box-box collider alone would say 0.85 mm, under the 1 mm tolerance.
        var result = await _cli.RunAsync("sim", "validate", Write("""
            <mujoco>
              <worldbody>
                <geom name="floor" type="box" size="0.7 0.35 0.01" pos="0 0 -0.01"/>
                <body name="block" pos="0.1 0 0.0233"><freejoint/><geom name="block" type="box" size="0.025 0.025 0.025"/></body>
              </worldbody>
            </mujoco>
            """));

        result.ExitCode.ShouldBe(1, result.Stderr);
        result.Stdout.ShouldContain("geom 'floor' and geom 'block' overlap by 1.7 mm at t = 0");
    }

    [Fact]
    public async Task Validate_Json_PrintsTheDocumentedShape()
    {
        var path = Write("""
            <mujoco>
              <worldbody>
                <geom type="sphere" size="1" colour="red"/>
              </worldbody>
            </mujoco>
            """);

        var result = await _cli.RunAsync("sim", "validate", path, "--json");

        result.ExitCode.ShouldBe(1);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        root.GetProperty("file").GetString().ShouldBe(path);
        root.GetProperty("valid").GetBoolean().ShouldBeFalse();
        root.GetProperty("compiled").GetBoolean().ShouldBeFalse();
        var error = root.GetProperty("errors")[0];
        error.GetProperty("code").GetString().ShouldBe("schema");
        error.GetProperty("message").GetString().ShouldBe("XML Error: Schema violation: unrecognized attribute: 'colour'");
        error.GetProperty("element").GetString().ShouldBe("geom");
        error.GetProperty("line").GetInt32().ShouldBe(3);
        root.GetProperty("warnings").GetArrayLength().ShouldBe(0);
        var stats = root.GetProperty("stats");
        foreach (var key in new[] { "nbody", "ngeom", "njnt", "nu", "frames", "sim_time_s", "max_penetration_mm" })
        {
            stats.TryGetProperty(key, out _).ShouldBeTrue(key);
        }
    }

    [Fact]
    public async Task Validate_Penetration_OneLinePerFindingAndExitOne()
    {
        var path = Write("""
            <mujoco>
              <worldbody>
                <body name="a" pos="0 0 1"><freejoint/><geom name="ball_a" type="sphere" size="0.1"/></body>
                <body name="b" pos="0.15 0 1"><freejoint/><geom name="ball_b" type="sphere" size="0.1"/></body>
              </worldbody>
            </mujoco>
            """);

        var result = await _cli.RunAsync("sim", "validate", path, "--frames", "10");

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("error    penetration: geom 'ball_a' and geom 'ball_b' overlap by 50 mm");
        result.Stdout.ShouldContain("model.xml: INVALID: 1 error");
    }

    [Fact]
    public async Task Validate_PenetrationToleranceOption_AcceptsTheOverlap()
    {
        var path = Write("""
            <mujoco>
              <worldbody>
                <body name="a" pos="0 0 1"><freejoint/><geom name="ball_a" type="sphere" size="0.1"/></body>
                <body name="b" pos="0.1995 0 1"><freejoint/><geom name="ball_b" type="sphere" size="0.1"/></body>
              </worldbody>
            </mujoco>
            """);

        (await _cli.RunAsync("sim", "validate", path, "--frames", "10", "--penetration-mm", "0.1")).ExitCode.ShouldBe(1);
        (await _cli.RunAsync("sim", "validate", path, "--frames", "10")).ExitCode.ShouldBe(0);
    }

    [Fact]
    public async Task Validate_MissingFile_ExitsTwo()
    {
        var result = await _cli.RunAsync("sim", "validate", Path.Combine(_cli.Scratch, "nope.xml"));

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("does not exist");
    }

    [Fact]
    public async Task Validate_NegativeFrames_ExitsTwo()
    {
        var result = await _cli.RunAsync("sim", "validate", Write(FallingBox), "--frames", "-1");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("--frames");
    }

    [Fact]
    public async Task Validate_MaxSpeedFromConfiguration_FlagsInstability()
    {
        _cli.Variables["LEVIATHAN_SIM__MAX_SPEED"] = "0.5";

        var result = await _cli.RunAsync("sim", "validate", Write(FallingBox));

        result.ExitCode.ShouldBe(1);
        result.Stdout.ShouldContain("instability:");
        result.Stdout.ShouldContain("above the limit 0.5");
    }

    [Fact]
    public async Task Run_RecordsTrajectoryAndPrintsFinalPositions()
    {
        var model = Write(FallingBox);
        var record = Path.Combine(_cli.Scratch, "box.jsonl");

        var result = await _cli.RunAsync("sim", "run", model, "--seconds", "1", "--record", record, "--rate", "10", "--body", "box");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("simulated 1 s (500 steps of 0.002 s)");
        result.Stdout.ShouldNotContain("-0.00000");
        result.Stdout.ShouldContain("box");
        result.Stdout.ShouldContain("0.0998", Case.Sensitive, "the box rests on the floor, its centre 0.1 m up less the contact softness");
        var lines = File.ReadAllLines(record);
        lines.Length.ShouldBe(11);
        using var first = JsonDocument.Parse(lines[0]);
        first.RootElement.GetProperty("t").GetDouble().ShouldBe(0);
        first.RootElement.GetProperty("bodies").GetProperty("box")[2].GetDouble().ShouldBe(0.5);
    }

    [Fact]
    public async Task Run_ConstantControl_MovesTheActuatedBody()
    {
        var model = Write(Arm);

        var result = await _cli.RunAsync("sim", "run", model, "--seconds", "0.5", "--ctrl", "drive=1", "--body", "tip", "--json");

        result.ExitCode.ShouldBe(0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        json.RootElement.GetProperty("final_poses").GetProperty("tip").GetProperty("position")[1].GetDouble().ShouldBeGreaterThan(0.01);
    }

    [Fact]
    public async Task Run_PrintsTheForceEachActuatorApplied()
    {
        var model = Write(Arm.Replace("ctrlrange=\"-1 1\"", "ctrlrange=\"-1 1\" forcelimited=\"true\" forcerange=\"-0.5 0.5\"", StringComparison.Ordinal));

        var result = await _cli.RunAsync("sim", "run", model, "--seconds", "0.5", "--ctrl", "drive=1");

        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stdout.ShouldContain("actuator drive: peak |force| 0.5 at t = 0 s; at its force range [-0.5, 0.5] for 0.5 s (longest 0.5 s from t = 0 s)");
    }

    [Fact]
    public async Task Run_UnknownActuator_ExitsTwoAndListsTheActuators()
    {
        var result = await _cli.RunAsync("sim", "run", Write(Arm), "--seconds", "0.5", "--ctrl", "motor=1");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("no actuator named 'motor'");
        result.Stderr.ShouldContain("drive");
    }

    [Fact]
    public async Task Run_BadControlSyntax_ExitsTwo()
    {
        var result = await _cli.RunAsync("sim", "run", Write(Arm), "--seconds", "0.5", "--ctrl", "drive");

        result.ExitCode.ShouldBe(2);
        result.Stderr.ShouldContain("NAME=VALUE");
    }

    public void Dispose() => _cli.Dispose();
}
