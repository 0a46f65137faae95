using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Simulation;
using Leviathan.Simulation.Running;
using Leviathan.Testing;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Tests.Solving;

/// <summary>
/// Screening compiles its scenes with contact and constraint buffers sized to them instead of MuJoCo's defaults. These
/// tests screen the same solver candidates with both and require results equal to the last bit, also when the sized
/// buffers overflow (the run is then repeated with the defaults).
/// </summary>
public sealed class ScreeningBuffersTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-screening-buffers");

    [Fact]
    public async Task RunAsync_SizedBuffers_GivesTheSamplesOfTheDefaultBuffersForEveryFamily()
    {
        var compared = 0;
        foreach (var family in BenchmarkFamilies.All)
        {
            foreach (var (benchmark, parts, anchors, controls) in Candidates(family, seeds: 2, perSeed: 3))
            {
                var starts = JudgeStarts.List(benchmark, 2, extremes: false);
                var sized = await RunAsync(benchmark, parts, anchors, controls, starts, ScreeningBuffers.Contacts);
                var defaults = await RunAsync(benchmark, parts, anchors, controls, starts, null);
                AssertSame($"{benchmark.Id}", sized, defaults);
                compared += sized.Count;
            }
        }

        compared.ShouldBeGreaterThan(50);
    }

    [Fact]
    public async Task RunAsync_BuffersThatOverflow_RepeatsTheRunWithTheDefaults()
    {
        var overflowed = 0;
        var compared = 0;
        foreach (var (benchmark, parts, anchors, controls) in Candidates(BenchmarkFamilies.Find("lift").ShouldNotBeNull(), seeds: 2, perSeed: 3))
        {
            var starts = JudgeStarts.List(benchmark, 2, extremes: false);
            var tiny = await RunAsync(benchmark, parts, anchors, controls, starts, _ => 1);
            var defaults = await RunAsync(benchmark, parts, anchors, controls, starts, null);
            AssertSame($"{benchmark.Id}", tiny, defaults);
            compared += tiny.Count;

            // Room for one contact really overflows in these scenes: without the repeat their results would differ.
            var scene = SceneBuilder.Build(benchmark, _temp.Path, parts, anchors, starts[0]);
            var result = await simulation.Client.SimulateAsync(new SimulationRequest
            {
                Model = ModelSource.FromXml(ScreeningBuffers.Sized(scene, 1), AssetsOf(parts), FilesOf(parts)),
                Seconds = benchmark.Objective.TimeLimit,
                Controls = controls.ToDictionary(c => SceneNames.Actuator(c.Motor), c => ControlSignals.From(c, benchmark.Motors.Single(m => m.Name == c.Motor).Type, benchmark.Objective.TimeLimit), StringComparer.Ordinal),
            });
            overflowed += result.BuffersFilled ? 1 : 0;
        }

        overflowed.ShouldBeGreaterThan(1);
        compared.ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Sized_Scene_AddsOneSizeElementAndLeavesTheSceneAsItWas()
    {
        var family = BenchmarkFamilies.Find("lift").ShouldNotBeNull();
        var benchmark = family.Create("lift-1", 1, new Random(1));
        var scene = SceneBuilder.Build(benchmark, _temp.Path, [], new Dictionary<string, Vec3>(), benchmark.Payload.Pose.ToPose());
        var before = scene.ToString();

        var sized = System.Xml.Linq.XDocument.Parse(ScreeningBuffers.Sized(scene, ScreeningBuffers.Contacts(scene)));

        var size = sized.Root!.Elements("size").ShouldHaveSingleItem();
        int.Parse((string)size.Attribute("nconmax")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(100);
        int.Parse((string)size.Attribute("njmax")!, System.Globalization.CultureInfo.InvariantCulture).ShouldBeLessThan(500);
        scene.ToString().ShouldBe(before);
    }

    public void Dispose() => _temp.Dispose();

    private IEnumerable<(BenchmarkSpec, List<ScenePart>, Dictionary<string, Vec3>, IReadOnlyList<ControlSpec>)> Candidates(IBenchmarkFamily family, int seeds, int perSeed)
    {
        for (var seed = 1; seed <= seeds; seed++)
        {
            var benchmark = family.Create($"{family.Name}-{seed}", seed, new Random(seed));
            var space = new SearchSpace(benchmark, Making.Allowed(benchmark, new ManufacturingRules()));
            var random = new Random(seed * 17);
            for (var k = 0; k < perSeed; k++)
            {
                var candidate = space.Decode(space.Sample(random));
                yield return (benchmark, candidate.ScreeningParts(_temp.Combine("boxes")), candidate.AnchorPoints(), candidate.Controls);
            }
        }
    }

    private string AssetsOf(List<ScenePart> parts) => Path.GetDirectoryName(parts.FirstOrDefault()?.Part.StlPath) ?? _temp.Path;

    private static Dictionary<string, byte[]> FilesOf(List<ScenePart> parts) =>
        parts.DistinctBy(p => p.Part.StlPath).ToDictionary(p => Path.GetFileName(p.Part.StlPath), p => p.Part.StlData.ShouldNotBeNull());

    private Task<IReadOnlyList<ScreeningRun.Sample>> RunAsync(
        BenchmarkSpec benchmark,
        List<ScenePart> parts,
        Dictionary<string, Vec3> anchors,
        IReadOnlyList<ControlSpec> controls,
        IReadOnlyList<JudgeStart> starts,
        Func<System.Xml.Linq.XDocument, int>? contacts) =>
        ScreeningRun.RunAsync(simulation.Client, benchmark, _temp.Path, parts, anchors, controls, starts, 0.005, earlyStop: true, contacts, CancellationToken.None);

    private static void AssertSame(string what, IReadOnlyList<ScreeningRun.Sample> actual, IReadOnlyList<ScreeningRun.Sample> expected)
    {
        actual.Count.ShouldBe(expected.Count);
        for (var i = 0; i < actual.Count; i++)
        {
            var (a, e) = (actual[i], expected[i]);
            var same = a.Reached == e.Reached
                && BitConverter.DoubleToInt64Bits(a.Miss) == BitConverter.DoubleToInt64Bits(e.Miss)
                && BitConverter.DoubleToInt64Bits(a.Closest) == BitConverter.DoubleToInt64Bits(e.Closest)
                && a.Error == e.Error
                && a.Stopped == e.Stopped
                && a.Delivered.SequenceEqual(e.Delivered);
            same.ShouldBeTrue($"{what} start {i}: sized {a}, defaults {e}");
        }
    }
}
