using System.Globalization;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Processes;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Cad;

/// <summary>The render cache with real OpenSCAD in the real sandbox, each test on its own empty cache.</summary>
public sealed class RenderCacheTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-render-cache");

    [Fact]
    public async Task Render_SameProgramInAnotherFileAndFolder_ReturnsTheIdenticalMeshWithoutRendering()
    {
        var runner = new CountingRunner(RealCad.Runner);
        var analyzer = new PartAnalyzer(Client(runner));
        var source = "// a plate\ncube([12, 7, 3], center = true);\n";

        var first = await AnalyzeAsync(analyzer, _temp.Combine("one", "plate.scad"), source);
        var second = await AnalyzeAsync(analyzer, _temp.Combine("two", "other-name.scad"), source);

        first.Render.FromCache.ShouldBeFalse();
        second.Render.FromCache.ShouldBeTrue();
        runner.Renders.ShouldBe(1);
        second.Part!.MeshHash.ShouldBe(first.Part!.MeshHash);
        (await File.ReadAllBytesAsync(second.Render.StlPath!)).ShouldBe(await File.ReadAllBytesAsync(first.Render.StlPath!));
        second.Part.VolumeCm3.ShouldBe(12 * 7 * 3 / 1000.0, 1e-9);
    }

    [Fact]
    public async Task Render_SourceChangedByOneCharacter_MissesAndRendersTheNewSolid()
    {
        var runner = new CountingRunner(RealCad.Runner);
        var analyzer = new PartAnalyzer(Client(runner));
        var path = _temp.Combine("part", "block.scad");

        var first = await AnalyzeAsync(analyzer, path, "cube([10, 10, 10]);\n");
        var second = await AnalyzeAsync(analyzer, path, "cube([10, 10, 20]);\n");

        second.Render.FromCache.ShouldBeFalse();
        runner.Renders.ShouldBe(2);
        second.Render.StlPath.ShouldNotBe(first.Render.StlPath);
        first.Part!.VolumeCm3.ShouldBe(1, 1e-9);
        second.Part!.VolumeCm3.ShouldBe(2, 1e-9);
    }

    [Fact]
    public async Task Render_AnotherOpenScadVersion_MissesTheOtherVersionsMesh()
    {
        // The same OpenSCAD behind a script that reports another version: the cache must not hand it the first one's mesh.
        var script = _temp.Combine("bin", "openscad-next");
        Directory.CreateDirectory(Path.GetDirectoryName(script)!);
        await File.WriteAllTextAsync(script, "#!/bin/sh\nif [ \"$1\" = --version ]; then echo 'OpenSCAD version 2099.01' >&2; exit 0; fi\nexec openscad \"$@\"\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var cache = _temp.Combine("cache");
        var runner = new CountingRunner(ProcessRunners.Direct());
        var path = _temp.Combine("part", "block.scad");

        var current = await AnalyzeAsync(new PartAnalyzer(new OpenScadClient(new CadOptions { CacheDirectory = cache }, runner)), path, "cube(4);\n");
        var next = await AnalyzeAsync(new PartAnalyzer(new OpenScadClient(new CadOptions { CacheDirectory = cache, OpenScadPath = script }, runner)), path, "cube(4);\n");

        current.Render.FromCache.ShouldBeFalse();
        next.Render.FromCache.ShouldBeFalse();
        runner.Renders.ShouldBe(2);
        next.Part!.VolumeCm3.ShouldBe(0.064, 1e-9);
    }

    [Fact]
    public async Task Render_ManyWorkersAskForTheSamePartsAtOnce_EachPartRendersOnceAndAllGetItsMesh()
    {
        var runner = new CountingRunner(RealCad.Runner);
        var cache = _temp.Combine("cache");

        // Two clients on one cache folder (two generator workers), eight requests for each of three parts, all at once.
        var clients = new[] { Client(runner, cache), Client(runner, cache) };
        var requests = Enumerable.Range(0, 24).Select(async i =>
        {
            var part = i % 3;
            var path = _temp.Combine($"worker-{i}", "guide.scad");
            var analysis = await AnalyzeAsync(new PartAnalyzer(clients[i % 2]), path, string.Create(CultureInfo.InvariantCulture, $"cube([{part + 1}0, 5, 5]);\n"));
            return (Part: part, Analysis: analysis);
        });

        var results = await Task.WhenAll(requests);

        runner.Renders.ShouldBe(3);
        foreach (var group in results.GroupBy(r => r.Part))
        {
            group.Select(r => r.Analysis.Part!.MeshHash).Distinct().ShouldHaveSingleItem();
            group.First().Analysis.Part!.VolumeCm3.ShouldBe((group.Key + 1) * 10 * 5 * 5 / 1000.0, 1e-9);
        }

        Directory.EnumerateFiles(cache, "*.tmp").ShouldBeEmpty();
    }

    [Fact]
    public async Task Render_PastTheBound_KeepsTheCacheUnderItAndDropsTheLeastRecentlyUsed()
    {
        var clock = new FakeTimeProvider();
        var runner = new CountingRunner(RealCad.Runner);
        var cache = _temp.Combine("cache");
        var one = await AnalyzeAsync(new PartAnalyzer(Client(runner, cache)), _temp.Combine("size", "p.scad"), "cube(1);\n");
        var entry = new FileInfo(one.Render.StlPath!).Length;
        Directory.Delete(cache, recursive: true);

        // Room for three meshes of this size; four different parts rendered, the first one used again after the third.
        var bound = (3 * entry) + (entry / 2);
        var client = new OpenScadClient(new CadOptions { CacheDirectory = cache, MaxCacheBytes = bound, Time = clock }, runner);
        var analyzer = new PartAnalyzer(client);
        var paths = new List<string>();
        for (var i = 1; i <= 4; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            var analysis = await AnalyzeAsync(analyzer, _temp.Combine($"p{i}", "p.scad"), string.Create(CultureInfo.InvariantCulture, $"cube([{i}, 2, 3]);\n"));
            paths.Add(analysis.Render.StlPath!);
            new RenderCache(cache, bound, clock).CountBytes().ShouldBeLessThanOrEqualTo(bound);
            if (i == 3)
            {
                clock.Advance(TimeSpan.FromSeconds(1));
                (await AnalyzeAsync(analyzer, _temp.Combine("again", "p.scad"), "cube([1, 2, 3]);\n")).Render.FromCache.ShouldBeTrue();
            }
        }

        File.Exists(paths[0]).ShouldBeTrue("the first part was used again after the third, so it is not the least recently used");
        File.Exists(paths[1]).ShouldBeFalse("the second part is the least recently used");
        File.Exists(paths[2]).ShouldBeTrue();
        File.Exists(paths[3]).ShouldBeTrue();
        var rendersBefore = runner.Renders;
        (await AnalyzeAsync(analyzer, _temp.Combine("back", "p.scad"), "cube([2, 2, 3]);\n")).Render.FromCache.ShouldBeFalse();
        runner.Renders.ShouldBe(rendersBefore + 1);
    }

    [Fact]
    public async Task Render_CachedFailure_NamesTheFileThatAskedForIt()
    {
        var analyzer = new PartAnalyzer(Client(new CountingRunner(RealCad.Runner)));

        var first = await AnalyzeAsync(analyzer, _temp.Combine("a", "first.scad"), "cube(10);\ncube(5;\n");
        var second = await AnalyzeAsync(analyzer, _temp.Combine("b", "second.scad"), "cube(10);\ncube(5;\n");

        second.Render.FromCache.ShouldBeTrue();
        first.Render.Describe().ShouldContain("first.scad line 2: ERROR: Parser error");
        second.Render.Describe().ShouldContain("second.scad line 2: ERROR: Parser error");
        second.Render.Describe().ShouldNotContain("first.scad");
    }

    public void Dispose() => _temp.Dispose();

    private OpenScadClient Client(IProcessRunner runner, string? cache = null) =>
        new(new CadOptions { CacheDirectory = cache ?? _temp.Combine("cache") }, runner);

    private static async Task<PartAnalysis> AnalyzeAsync(PartAnalyzer analyzer, string path, string source)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, source);
        return await analyzer.AnalyzeAsync(path, CancellationToken.None);
    }
}
