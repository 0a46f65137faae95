using Leviathan.Simulation.Running;

namespace Leviathan.Simulation.Tests;

/// <summary>
/// The worker round trip: model text and results cross the process boundary as UTF-8 JSON lines, and model text is
/// loaded through one virtual file system per worker; neither may change what is simulated.
/// </summary>
public sealed class WorkerProtocolTests(SimulationFixture fixture) : IClassFixture<SimulationFixture>
{
    // A tumbling box with a name outside ASCII, and a comment full of characters JSON escapes.
    private const string Tumbler = """
        <mujoco model="tumbler">
          <!-- "quoted" \back\slash	tab & <angle> brackets, ümlaut, 角 -->
          <option timestep="0.002"/>
          <worldbody>
            <geom name="floor" type="plane" size="2 2 0.1"/>
            <body name="würfel-角" pos="0 0 0.4" euler="20 35 10">
              <freejoint/>
              <geom type="box" size="0.05 0.08 0.03"/>
            </body>
          </worldbody>
        </mujoco>
        """;

    [Fact]
    public async Task SimulateAsync_TextWithEscapedCharactersAndAMegabyteOfSamples_GivesTheSameResultAsTheFile()
    {
        var ct = CancellationToken.None;
        var path = fixture.Write(Tumbler);
        const string Body = "würfel-角";

        // 10 s sampled at every step: 5001 samples, a response line of about half a megabyte
        SimulationRequest Request(ModelSource model) => new() { Model = model, Seconds = 10, Bodies = [Body], SampleRateHz = 500 };
        var fromText = await fixture.Client.SimulateAsync(Request(ModelSource.FromXml(Tumbler, Path.GetDirectoryName(path)!)), ct);
        var fromFile = await fixture.Client.SimulateAsync(Request(ModelSource.FromFile(path)), ct);

        fromText.Succeeded.ShouldBeTrue(fromText.Error?.Message);
        fromText.SampleTimes.Count.ShouldBe(5001);
        fromText.Trajectories[Body].Count.ShouldBe(5001);
        fromText.Trajectories[Body][^1].ShouldBe(fromText.FinalPoses[Body].Position);
        fromText.Trajectories[Body][0].Z.ShouldBe(0.4);
        fromText.FinalPoses[Body].Position.Z.ShouldBeLessThan(0.1);

        // bit for bit: the same model, loaded from text or from its file, steps the same
        fromFile.Trajectories[Body].ShouldBe(fromText.Trajectories[Body]);
        fromFile.FinalPoses[Body].ShouldBe(fromText.FinalPoses[Body]);
    }

    [Fact]
    public async Task SimulateAsync_TextMujocoRefuses_LeavesTheWorkerLoadingTheNextText()
    {
        var ct = CancellationToken.None;
        using var client = new SimulationClient(new SimulationClientOptions { MaxWorkers = 1 });
        var folder = Path.GetDirectoryName(fixture.Write(TestModels.FallingBox))!;
        var request = new SimulationRequest { Model = ModelSource.FromXml(TestModels.FallingBox, folder), Seconds = 0.5, Bodies = ["box"] };

        var first = await client.SimulateAsync(request, ct);
        var refused = await client.SimulateAsync(request with { Model = ModelSource.FromXml(TestModels.UnknownAttribute, folder), Bodies = [] }, ct);
        // other text (so not the compiled model the worker keeps for the first): loaded through the same virtual file
        var again = await client.SimulateAsync(request with { Model = ModelSource.FromXml(TestModels.FallingBox + "<!-- again -->", folder) }, ct);

        refused.Error.ShouldNotBeNull().Code.ShouldBe(FindingCodes.Schema);
        refused.Error.Message.ShouldContain("colour");
        first.Succeeded.ShouldBeTrue(first.Error?.Message);
        again.Succeeded.ShouldBeTrue(again.Error?.Message);
        again.Trajectories["box"].ShouldBe(first.Trajectories["box"]);
        client.WorkersStarted.ShouldBe(1);
    }
}
