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

    private Task<SimulationResult> RunAsync(SimulationStopRules? rules) =>
        _client.SimulateAsync(
            new SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 2, Bodies = ["box"], SampleRateHz = 10, StopWhen = rules },
            CancellationToken.None);
}
