using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Tests;

/// <summary>A run ends early under its stop rules, and only when the rule holds.</summary>
public sealed class StopRuleTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    private readonly SimulationClient _client = fixture.Client;

    [Fact]
    public async Task SimulateAsync_BodyFallsOutOfTheWorldBox_EndsAtTheFirstSampleOutside()
    {
        // The box's centre falls from 0.5 m; below 0.2 m (after 0.247 s) it is out of the box.
        var result = await RunAsync(new SimulationStopRules { Body = "box", WorldMin = new Vec3(-1, -1, 0.2), WorldMax = new Vec3(1, 1, 1) });

        result.Stopped.ShouldNotBeNull().Reason.ShouldBe(SimulationStopReason.LeftWorld);
        result.Stopped.Time.ShouldBe(0.3, 1e-9);
        result.SampleTimes[^1].ShouldBe(0.3, 1e-9);
        result.Trajectories["box"][^1].Z.ShouldBeLessThan(0.2);
        result.Steps.ShouldBe(150);
    }

    [Fact]
    public async Task SimulateAsync_BoxComesToRest_EndsThereAtTheFullRunsPosition()
    {
        var full = await RunAsync(null);
        var early = await RunAsync(new SimulationStopRules { Body = "box", RestSpeed = 1e-4, RestSeconds = 0.2 });

        early.Stopped.ShouldNotBeNull().Reason.ShouldBe(SimulationStopReason.AtRest);
        early.Stopped.Time.ShouldBeLessThan(1.5);
        full.Stopped.ShouldBeNull();
        (early.Trajectories["box"][^1] - full.Trajectories["box"][^1]).Length.ShouldBeLessThan(1e-5);
    }

    [Fact]
    public async Task SimulateAsync_HoldBoxNeverReached_EndsWhenTheHoldNoLongerFitsBeforeTheEnd()
    {
        // A 0.5 s hold in a box the body never enters is out of reach once less than 0.5 s remain of the 2 s.
        var result = await RunAsync(new SimulationStopRules { Body = "box", HoldMin = new Vec3(1, 1, 0), HoldMax = new Vec3(2, 2, 1), HoldSeconds = 0.5 });

        result.Stopped.ShouldNotBeNull().Reason.ShouldBe(SimulationStopReason.HoldOutOfReach);
        result.Stopped.Time.ShouldBe(1.6, 1e-9);
    }

    [Fact]
    public async Task SimulateAsync_HoldBoxWhereTheBodyRests_RunsToTheEnd()
    {
        var result = await RunAsync(new SimulationStopRules { Body = "box", HoldMin = new Vec3(-0.1, -0.1, 0.05), HoldMax = new Vec3(0.1, 0.1, 0.15), HoldSeconds = 1.5, HoldSpeed = 0.05 });

        result.Stopped.ShouldBeNull();
        result.SimulatedSeconds.ShouldBe(2, 1e-9);
    }

    [Fact]
    public async Task SimulateAsync_RestRuleWithAController_IsRefusedWithTheReason()
    {
        var request = new SimulationRequest
        {
            Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)),
            Seconds = 1,
            Bodies = ["box"],
            Controller = _ => { },
            StopWhen = new SimulationStopRules { Body = "box", RestSpeed = 1e-4 },
        };

        var error = await Should.ThrowAsync<ArgumentException>(() => _client.SimulateAsync(request, CancellationToken.None));
        error.Message.ShouldContain("controller");
    }

    [Fact]
    public async Task SimulateAsync_BallOnAStillPlatformUnderTheReachHeight_EndsAtOnceAndTheFullRunNeverGetsThere()
    {
        var full = await LiftAsync(ControlSignal.Constant(0), 1, null);
        var early = await LiftAsync(ControlSignal.Constant(0), 1, new SimulationStopRules { Body = "ball", ReachHeight = 0.2 });

        early.Stopped.ShouldNotBeNull().Reason.ShouldBe(SimulationStopReason.HeightOutOfReach);
        early.Stopped.Time.ShouldBe(0, 1e-9);
        full.Stopped.ShouldBeNull();
        full.Trajectories["ball"].Max(p => p.Z).ShouldBeLessThan(0.2);
    }

    [Fact]
    public async Task SimulateAsync_PlatformLiftsTheBallLater_RunsOnWhileTheControlMovesAndTheBallGetsThere()
    {
        // The platform waits 0.5 s, then lifts the ball by 0.25 m: until the lift ends the control is not settled.
        var lift = ControlSignal.Keyframes([new ControlKeyframe(0, 0), new ControlKeyframe(0.5, 0), new ControlKeyframe(1, 0.25)], interpolate: true);
        var result = await LiftAsync(lift, 1.5, new SimulationStopRules { Body = "ball", ReachHeight = 0.2 });

        result.Stopped.ShouldBeNull();
        result.Trajectories["ball"].Max(p => p.Z).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task SimulateAsync_BallThrownUpByTheServo_IsNotEndedBeforeItsHighestPoint()
    {
        // A fast short stroke throws the ball clear of the platform: once the control has settled the ball is still
        // rising, so its kinetic energy must keep the run going up to the top of its flight.
        var throwUp = ControlSignal.Keyframes([new ControlKeyframe(0.3, 0), new ControlKeyframe(0.34, 0.1)], interpolate: true);
        var full = await LiftAsync(throwUp, 1.5, null);
        var top = full.Trajectories["ball"].Max(p => p.Z);
        var rest = full.Trajectories["lifter"][^1].Z + 0.025; // the ball lying on the raised platform
        top.ShouldBeGreaterThan(rest + 0.03); // it really flew

        var early = await LiftAsync(throwUp, 1.5, new SimulationStopRules { Body = "ball", ReachHeight = top - 0.001 });

        early.Trajectories["ball"].Max(p => p.Z).ShouldBe(top, 1e-9);
        var after = await LiftAsync(throwUp, 1.5, new SimulationStopRules { Body = "ball", ReachHeight = top + 0.05 });
        after.Stopped.ShouldNotBeNull().Reason.ShouldBe(SimulationStopReason.HeightOutOfReach);
        after.Stopped.Time.ShouldBeGreaterThanOrEqualTo(0.34 - 1e-9);
    }

    [Fact]
    public async Task SimulateAsync_ReachRuleInASceneWithAPassiveHinge_NeverEndsTheRun()
    {
        // No energy bound is known for a passive hinge (a falling flap could throw the ball), so the rule stays off.
        var result = await _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(LiftScene.Replace("type=\"slide\"", "type=\"hinge\"", StringComparison.Ordinal).Replace("<position", "<motor", StringComparison.Ordinal).Replace(" kp=\"800\"", string.Empty, StringComparison.Ordinal))), Seconds = 0.5, Bodies = ["ball"], SampleRateHz = 100, StopWhen = new SimulationStopRules { Body = "ball", ReachHeight = 5 } },
            CancellationToken.None);

        result.Error.ShouldBeNull();
        result.Stopped.ShouldBeNull();
        result.SimulatedSeconds.ShouldBe(0.5, 1e-9);
    }

    [Fact]
    public async Task SimulateAsync_ReachRuleWithAController_IsRefusedWithTheReason()
    {
        var request = new SimulationRequest
        {
            Model = ModelSource.FromFile(fixture.Write(LiftScene)),
            Seconds = 1,
            Bodies = ["ball"],
            SampleRateHz = 100,
            Controller = _ => { },
            StopWhen = new SimulationStopRules { Body = "ball", ReachHeight = 0.2 },
        };

        var error = await Should.ThrowAsync<ArgumentException>(() => _client.SimulateAsync(request, CancellationToken.None));
        error.Message.ShouldContain("controller");
    }

    /// <summary>A 15 mm ball resting on a platform that a position servo (the scenes' motor) moves up a slider.</summary>
    private const string LiftScene = """
        <mujoco model="lift">
          <option timestep="0.002"/>
          <worldbody>
            <geom name="floor" type="plane" size="1 1 0.1"/>
            <body name="lifter" pos="0 0 0.02">
              <joint name="lift" type="slide" axis="0 0 1" limited="true" range="0 0.3" armature="0.01" damping="5.7"/>
              <geom name="platform" type="box" size="0.05 0.05 0.01" mass="0.1"/>
            </body>
            <body name="ball" pos="0 0 0.046">
              <freejoint/>
              <geom name="ball" type="sphere" size="0.015" mass="0.03"/>
            </body>
          </worldbody>
          <actuator>
            <position name="lift" joint="lift" kp="800" ctrllimited="true" ctrlrange="0 0.3" forcelimited="true" forcerange="-40 40"/>
          </actuator>
        </mujoco>
        """;

    private async Task<SimulationResult> LiftAsync(ControlSignal lift, double seconds, SimulationStopRules? rules)
    {
        var result = await _client.SimulateAsync(
            new SimulationRequest
            {
                Model = ModelSource.FromFile(fixture.Write(LiftScene)),
                Seconds = seconds,
                Controls = new Dictionary<string, ControlSignal>(StringComparer.Ordinal) { ["lift"] = lift },
                Bodies = ["ball", "lifter"],
                SampleRateHz = 100,
                StopWhen = rules,
            },
            CancellationToken.None);
        result.Error.ShouldBeNull();
        return result;
    }

    private Task<SimulationResult> RunAsync(SimulationStopRules? rules) =>
        _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 2, Bodies = ["box"], SampleRateHz = 10, StopWhen = rules },
            CancellationToken.None);
}
