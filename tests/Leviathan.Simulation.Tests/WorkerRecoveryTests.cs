namespace Leviathan.Simulation.Tests;

public sealed class WorkerRecoveryTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    [Fact]
    public async Task ValidateAsync_FatalMujocoError_IsReportedAndTheNextRequestWorks()
    {
        var ct = CancellationToken.None;
        using var client = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1 });

        var before = await client.ValidateAsync(ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), cancellationToken: ct);
        before.Valid.ShouldBeTrue();
        client.WorkersStarted.ShouldBe(1);

        var fatal = await client.ValidateAsync(ModelSource.FromFile(fixture.Write(TestModels.StackOverflow)), cancellationToken: ct);

        fatal.Valid.ShouldBeFalse();
        var error = fatal.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe(FindingCodes.Compile);
        error.Message.ShouldContain("MuJoCo stopped with a fatal error: Stack overflow");

        var after = await client.ValidateAsync(ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), cancellationToken: ct);
        after.Valid.ShouldBeTrue();
        client.WorkersStarted.ShouldBe(2);
    }

    [Fact]
    public async Task SimulateAsync_FatalMujocoError_ReturnsAnErrorAndTheNextRunWorks()
    {
        var ct = CancellationToken.None;
        var client = fixture.Client;

        var fatal = await client.SimulateAsync(new Running.SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.StackOverflow)), Seconds = 1 }, ct);
        fatal.Error.ShouldNotBeNull().Message.ShouldContain("Stack overflow");

        var ok = await client.SimulateAsync(new Running.SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 0.1, Bodies = ["box"] }, ct);
        ok.Succeeded.ShouldBeTrue();
        ok.FinalPoses["box"].Position.Z.ShouldBeLessThan(0.5);
    }

    [Fact]
    public async Task Workers_AreReusedBetweenRequests()
    {
        var ct = CancellationToken.None;
        using var client = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1 });
        var path = fixture.Write(TestModels.FallingBox);

        for (var i = 0; i < 3; i++)
        {
            (await client.ValidateAsync(ModelSource.FromFile(path), cancellationToken: ct)).Valid.ShouldBeTrue();
        }

        client.WorkersStarted.ShouldBe(1);
    }

    [Fact]
    public async Task SimulateAsync_Timeout_StopsTheWorkerAndTheNextRequestWorks()
    {
        var ct = CancellationToken.None;
        using var client = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1 });
        var humanoid = ModelSource.FromFile("/usr/share/mujoco/model/humanoid/humanoid.xml");
        await client.WarmUpAsync(1, ct);

        var ex = await Should.ThrowAsync<SimulationException>(() =>
            client.SimulateAsync(new Running.SimulationRequest { Model = humanoid, Seconds = 100_000, Timeout = TimeSpan.FromMilliseconds(300) }, ct));

        ex.Message.ShouldContain("did not finish 'simulate'");
        var ok = await client.SimulateAsync(new Running.SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 0.01 }, ct);
        ok.Succeeded.ShouldBeTrue();
        client.WorkersStarted.ShouldBe(2);
    }

    [Fact]
    public async Task SimulateAsync_Cancelled_StopsTheWorkerAndTheNextRequestWorks()
    {
        using var client = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1 });
        var humanoid = ModelSource.FromFile("/usr/share/mujoco/model/humanoid/humanoid.xml");
        await client.WarmUpAsync(1, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Should.ThrowAsync<OperationCanceledException>(() =>
            client.SimulateAsync(new Running.SimulationRequest { Model = humanoid, Seconds = 100_000 }, cancel.Token));

        var ok = await client.SimulateAsync(new Running.SimulationRequest { Model = ModelSource.FromFile(fixture.Write(TestModels.FallingBox)), Seconds = 0.01 }, CancellationToken.None);
        ok.Succeeded.ShouldBeTrue();
        client.WorkersStarted.ShouldBe(2);
    }
}
