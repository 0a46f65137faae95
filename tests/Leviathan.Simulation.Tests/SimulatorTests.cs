using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Tests;

public sealed class SimulatorTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    private readonly SimulationClient _client = fixture.Client;

    [Fact]
    public async Task SimulateAsync_FallingBox_RestsOnTheFloorAndIsSampledAtTheRate()
    {
        var result = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 2, Bodies = ["box"], SampleRateHz = 10 },
            CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        result.Steps.ShouldBe(1000);
        result.SimulatedSeconds.ShouldBe(2, 1e-9);
        result.SampleTimes.Count.ShouldBe(21);
        result.SampleTimes[0].ShouldBe(0);
        result.SampleTimes[^1].ShouldBe(2, 1e-9);
        var trajectory = result.Trajectories["box"];
        trajectory.Count.ShouldBe(21);
        trajectory[0].Z.ShouldBe(0.5, 1e-9);
        // free fall for 0.2 s: 0.5 - g t^2 / 2 = 0.304
        trajectory[2].Z.ShouldBe(0.5 - (9.81 * 0.2 * 0.2 / 2), 0.01);
        result.FinalPoses["box"].Position.Z.ShouldBe(0.1, 0.005);
    }

    [Fact]
    public async Task SimulateAsync_MoreContactsThanTheBufferHolds_SaysTheBuffersFilledAndRoomEnoughDoesNot()
    {
        // Three balls on the floor with room for one contact, then the same scene with MuJoCo's default room.
        var full = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.ContactBufferFull)), Seconds = 0.5 }, CancellationToken.None);
        var roomy = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.ContactBufferFull.Replace("<size nconmax=\"1\"/>", string.Empty, StringComparison.Ordinal))), Seconds = 0.5 },
            CancellationToken.None);

        full.Succeeded.ShouldBeTrue(full.Error?.Message);
        full.BuffersFilled.ShouldBeTrue();
        roomy.Succeeded.ShouldBeTrue(roomy.Error?.Message);
        roomy.BuffersFilled.ShouldBeFalse();
    }

    [Fact]
    public async Task SimulateAsync_ConstantMotorControl_TurnsTheArm()
    {
        var model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm));
        var idle = await _client.SimulateAsync(new SimulationRequest { Model = model, Seconds = 1, Bodies = ["arm_tip"] }, CancellationToken.None);
        var driven = await _client.SimulateAsync(
            new SimulationRequest { Model = model, Seconds = 1, Bodies = ["arm_tip"], Controls = new Dictionary<string, ControlSignal> { ["drive"] = ControlSignal.Constant(1) } },
            CancellationToken.None);

        idle.FinalPoses["arm_tip"].Position.Y.ShouldBe(0, 1e-9);
        driven.Succeeded.ShouldBeTrue(driven.Error?.Message);
        driven.FinalPoses["arm_tip"].Position.Y.ShouldBeGreaterThan(0.05, "a positive torque about z turns the tip towards +y");
    }

    [Fact]
    public async Task SimulateAsync_ControlOutsideCtrlRange_IsClampedWithAWarning()
    {
        var model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm));
        var atLimit = await _client.SimulateAsync(
            new SimulationRequest { Model = model, Seconds = 0.5, Bodies = ["arm_tip"], Controls = new Dictionary<string, ControlSignal> { ["drive"] = ControlSignal.Constant(1) } },
            CancellationToken.None);
        var beyond = await _client.SimulateAsync(
            new SimulationRequest { Model = model, Seconds = 0.5, Bodies = ["arm_tip"], Controls = new Dictionary<string, ControlSignal> { ["drive"] = ControlSignal.Constant(50) } },
            CancellationToken.None);

        beyond.Warnings.ShouldContain(w => w.Code == FindingCodes.ControlClamped && w.Message.Contains("'drive'"));
        beyond.FinalPoses["arm_tip"].Position.ShouldBe(atLimit.FinalPoses["arm_tip"].Position);
    }

    [Fact]
    public async Task SimulateAsync_KeyframeControl_ReversesTheArm()
    {
        var model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm));
        var keyframes = ControlSignal.Keyframes([new ControlKeyframe(0, 1), new ControlKeyframe(0.5, 1), new ControlKeyframe(0.5001, -1)], interpolate: false);

        var result = await _client.SimulateAsync(
            new SimulationRequest { Model = model, Seconds = 1.5, Bodies = ["arm_tip"], SampleRateHz = 100, Controls = new Dictionary<string, ControlSignal> { ["drive"] = keyframes } },
            CancellationToken.None);

        var y = result.Trajectories["arm_tip"].Select(p => p.Y).ToList();
        var peak = y.Max();
        peak.ShouldBeGreaterThan(0.01);
        y[^1].ShouldBeLessThan(peak, "the reversed torque brings the arm back");
    }

    [Fact]
    public async Task SimulateAsync_RampThatEndsEarly_MovesExactlyAsTheSameRampHeldByAKeyframeAtTheEnd()
    {
        // A ramp settled at 0.3 s is stepped natively in chunks from then on; with a last keyframe at the end of the run
        // (same value) the worker sets the control before every step to the end. Both must give the same run to the bit.
        var model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm));
        ControlKeyframe[] ramp = [new(0.05, 0), new(0.3, 0.7)];
        var early = await RunAsync(ControlSignal.Keyframes(ramp));
        var held = await RunAsync(ControlSignal.Keyframes([.. ramp, new ControlKeyframe(1.5, 0.7)]));

        early.Succeeded.ShouldBeTrue(early.Error?.Message);
        early.Trajectories["arm_tip"].ShouldBe(held.Trajectories["arm_tip"]);
        early.FinalPoses["arm_tip"].ShouldBe(held.FinalPoses["arm_tip"]);
        early.Actuators["drive"].ShouldBe(held.Actuators["drive"]);
        early.Trajectories["arm_tip"][^1].Y.ShouldBeGreaterThan(0.05, "the held torque turned the arm");

        Task<SimulationResult> RunAsync(ControlSignal signal) => _client.SimulateAsync(
            new SimulationRequest { Model = model, Seconds = 1.5, Bodies = ["arm_tip"], SampleRateHz = 100, Controls = new Dictionary<string, ControlSignal> { ["drive"] = signal } },
            CancellationToken.None);
    }

    [Fact]
    public async Task SimulateAsync_Controller_IsCalledEveryPeriodAndSeesTheBodies()
    {
        var model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm));
        var calls = 0;
        var lastTime = -1.0;
        var result = await _client.SimulateAsync(
            new SimulationRequest
            {
                Model = model,
                Seconds = 1,
                Bodies = ["arm_tip"],
                ControlPeriodSteps = 10,
                // a bang-bang controller that keeps the tip near y = 0.1
                Controller = step =>
                {
                    calls++;
                    step.Time.ShouldBeGreaterThan(lastTime);
                    lastTime = step.Time;
                    step.Set("drive", step.Positions["arm_tip"].Y < 0.1 ? 1 : -1);
                },
            },
            CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        calls.ShouldBe(50);
        result.Steps.ShouldBe(500);
        result.FinalPoses["arm_tip"].Position.Y.ShouldBe(0.1, 0.05);
    }

    [Fact]
    public async Task SimulateAsync_UnknownActuator_ListsTheKnownOnes()
    {
        var result = await _client.SimulateAsync(
            new SimulationRequest
            {
                Model = ModelSource.FromFile(fixture.Write(TestModels.MotorArm)),
                Seconds = 1,
                Controls = new Dictionary<string, ControlSignal> { ["motor"] = ControlSignal.Constant(1) },
            },
            CancellationToken.None);

        var error = result.Error.ShouldNotBeNull();
        error.Code.ShouldBe(FindingCodes.UnknownName);
        error.Message.ShouldContain("no actuator named 'motor'");
        error.Message.ShouldContain("drive");
    }

    [Fact]
    public async Task SimulateAsync_UnknownBody_IsAnError()
    {
        var result = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 1, Bodies = ["crate"] },
            CancellationToken.None);

        result.Error.ShouldNotBeNull().Message.ShouldContain("no body named 'crate'");
    }

    [Fact]
    public async Task SimulateAsync_DivergingModel_StopsAndSaysWhen()
    {
        var result = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.Exploding)), Seconds = 10, Bodies = ["bob"] },
            CancellationToken.None);

        var instability = result.Instability.ShouldNotBeNull();
        result.Steps.ShouldBe(instability.Step);
        result.Steps.ShouldBeLessThan(200);
        instability.Reason.ShouldContain("frame");
    }

    [Fact]
    public async Task SimulateAsync_XmlText_Runs()
    {
        var result = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromXml(TestModels.FallingBox, Path.GetTempPath()), Seconds = 0.2, Bodies = ["box"] },
            CancellationToken.None);

        result.Succeeded.ShouldBeTrue(result.Error?.Message);
        result.FinalPoses["box"].Position.Z.ShouldBeLessThan(0.5);
    }

    [Fact]
    public async Task SimulateAsync_ParallelRequests_AllComplete()
    {
        var model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox));
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _client.SimulateAsync(new SimulationRequest { Model = model, Seconds = 0.5, Bodies = ["box"] }, CancellationToken.None)));

        results.ShouldAllBe(r => r.Succeeded);
        results.Select(r => r.FinalPoses["box"].Position).Distinct().Count().ShouldBe(1, "MuJoCo is deterministic");
    }
}
