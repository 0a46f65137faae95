using Leviathan.Simulation.Mjcf;
using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Tests;

public sealed class ActuatorForceTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    private const double Gravity = 9.81;
    private const double ArmLength = 0.2;
    private const double TorqueLimit = 1.0;

    /// <summary>
    /// A horizontal arm on a y-axis hinge, held at 0 rad by a position servo limited to 1 N·m. The load is an
    /// explicit inertial at the arm's end: holding it takes m g L; the geom itself is massless.
    /// </summary>
    private static MjcfModel Arm(double loadKg) => new()
    {
        Name = "servo arm",
        Compiler = new MjcfCompiler { Angle = "radian" },
        Option = new MjcfOption { Timestep = 0.002, Gravity = new Vec3(0, 0, -Gravity) },
        Worldbody = new MjcfBody
        {
            Bodies =
            [
                new MjcfBody
                {
                    Name = "arm",
                    Pos = new Vec3(0, 0, 1),
                    Inertial = new MjcfInertial(loadKg, new Vec3(ArmLength, 0, 0)) { DiagInertia = new Vec3(1e-5, 1e-5, 1e-5) },
                    Joints = [new MjcfJoint("shoulder", MjcfJointType.Hinge) { Axis = new Vec3(0, 1, 0), Range = new MjcfRange(-1.5, 1.5), Damping = 1, Armature = 0.01 }],
                    // Were the geom's 20 kg used, no load below would be liftable.
                    Geoms = [new MjcfGeom(MjcfGeomType.Capsule) { Name = "rod", FromTo = [0, 0, 0, ArmLength, 0, 0], Size = [0.01], Mass = 20, Contype = 0, Conaffinity = 0 }],
                },
            ],
        },
        Actuators = [new MjcfActuator(MjcfActuatorKind.Position, "lift", "shoulder") { Kp = 20, CtrlRange = new MjcfRange(-1.5, 1.5), ForceRange = new MjcfRange(-TorqueLimit, TorqueLimit) }],
    };

    private async Task<SimulationResult> HoldAsync(double loadKg)
    {
        var result = await fixture.Client.SimulateAsync(
            new SimulationRequest
            {
                Model = ModelSource.FromXml(MjcfWriter.ToXml(Arm(loadKg)), Path.GetTempPath()),
                Seconds = 2,
                Bodies = ["arm"],
                Controls = new Dictionary<string, ControlSignal> { ["lift"] = ControlSignal.Constant(0) },
            },
            CancellationToken.None);
        result.Succeeded.ShouldBeTrue(result.Error?.Message ?? result.Instability?.Reason);
        return result;
    }

    [Fact]
    public async Task SimulateAsync_LightLoad_MeasuresTheHoldingTorqueBelowTheLimit()
    {
        // 0.3 kg at 0.2 m needs 0.589 N·m; the servo sags until its spring gives that torque.
        var result = await HoldAsync(0.3);

        var lift = result.Actuators["lift"];
        lift.ForceMin.ShouldBe(-TorqueLimit);
        lift.ForceMax.ShouldBe(TorqueLimit);
        lift.PeakForce.ShouldBe(0.3 * Gravity * ArmLength, 0.06);
        lift.PeakForce.ShouldBeLessThan(TorqueLimit);
        lift.SecondsAtLimit.ShouldBe(0);
        lift.LongestAtLimitFrom.ShouldBeNull();
    }

    [Fact]
    public async Task SimulateAsync_LoadTooHeavyForTheServo_HoldsItAtItsLimitAndTheArmDrops()
    {
        // 1 kg at 0.2 m needs 1.96 N·m, twice what the servo can give: it saturates and the arm sags until
        // gravity's torque m g L cos(angle) falls to the limit, near 1 rad, far from the commanded 0.
        var result = await HoldAsync(1.0);

        var lift = result.Actuators["lift"];
        lift.PeakForce.ShouldBe(TorqueLimit, 1e-9);
        lift.PeakTime.ShouldBeLessThan(0.2);
        lift.LongestAtLimit.ShouldBeGreaterThan(1.7);
        lift.SecondsAtLimit.ShouldBeGreaterThanOrEqualTo(lift.LongestAtLimit);
        var sag = 2 * Math.Asin(result.FinalPoses["arm"].Orientation.Y);
        sag.ShouldBe(Math.Acos(TorqueLimit / (Gravity * ArmLength)), 0.1);
    }

    [Fact]
    public async Task SimulateAsync_DirectMotorBelowItsRange_AppliesItsControlAndNeverReachesTheLimit()
    {
        var model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm));

        var result = await fixture.Client.SimulateAsync(
            new SimulationRequest { Model = model, Seconds = 0.2, Controls = new Dictionary<string, ControlSignal> { ["drive"] = ControlSignal.Constant(0.4) } },
            CancellationToken.None);

        var drive = result.Actuators.ShouldHaveSingleItem();
        drive.Key.ShouldBe("drive");
        drive.Value.PeakForce.ShouldBe(0.4, 1e-9);
        drive.Value.ForceMax.ShouldBe(1);
        drive.Value.SecondsAtLimit.ShouldBe(0);
    }
}
