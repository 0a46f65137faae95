using System.Text.Json.Nodes;
using Leviathan.Core.Reporting;
using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;
using Leviathan.Testing;
using Leviathan.Tools.Sandbox;

namespace Leviathan.Cli.Tests;

/// <summary><c>bench generate --resume</c>: an interrupted generation into the same --out is finished, not started over.</summary>
public sealed class BenchGenerationResumeTests
{
    [Fact]
    public async Task GenerateResume_InterruptedAfterItsFirstBenchmark_CarriesItOverUntouched_AndKeepsTheCount()
    {
        using var cli = new CliHarness();
        var output = Path.Combine(cli.Scratch, "gen");
        var kept = await InterruptAfterFirstKeptAsync(cli, output);
        var before = FolderSnapshot.Of(Path.Combine(output, kept));
        string[] generate = ["bench", "generate", "--count", "2", "--seed", "3", "--out", output, "--family", "push", "--workers", "1"];

        var fresh = await cli.RunAsync(generate);
        fresh.ExitCode.ShouldBe(2, fresh.Stdout + fresh.Stderr);
        fresh.Stderr.ShouldContain("holds an interrupted generation");
        fresh.Stderr.ShouldContain("--resume");
        var otherSeed = await cli.RunAsync([.. generate.Select(a => a == "3" ? "4" : a), "--resume"]);
        otherSeed.ExitCode.ShouldBe(2, otherSeed.Stdout + otherSeed.Stderr);
        otherSeed.Stderr.ShouldContain("seed: 3 in the interrupted run, 4 now");

        var resumed = await cli.RunAsync([.. generate, "--resume"]);

        resumed.ExitCode.ShouldBe(0, resumed.Stdout + resumed.Stderr);
        resumed.Stderr.ShouldMatch($@"resuming {System.Text.RegularExpressions.Regex.Escape(output)}: \d+ candidate\(s\) decided and 1 benchmark\(s\) kept before it stopped, carried over");
        resumed.Stdout.ShouldContain("wrote 2 benchmark(s)");
        FolderSnapshot.Of(Path.Combine(output, kept)).ShouldBe(before, "the benchmark kept before the interruption is not redone");
        var candidates = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "index.json")))!["candidates"]!.AsArray();
        var ids = candidates.Where(c => (bool)c!["kept"]!).Select(c => (string)c!["id"]!).ToList();
        ids.Count.ShouldBe(2);
        ids[0].ShouldBe(kept);
        Directory.GetDirectories(output).Select(Path.GetFileName).Order(StringComparer.Ordinal).ShouldBe(ids.Order(StringComparer.Ordinal));
        File.Exists(GenerationJournal.PathIn(output)).ShouldBeFalse();

        var again = await cli.RunAsync([.. generate, "--resume"]);
        again.ExitCode.ShouldBe(0, again.Stdout + again.Stderr);
        again.Stderr.ShouldContain("nothing to resume");
    }

    /// <summary>
    /// Push at seed 3 over levels 2-3: the first kept benchmark is level 3, the next proven one is level 3 too and is
    /// turned other_level by the spread (level 3 has its one of the two), then a level 2 one is kept. Interrupted after the
    /// first, the resumed run decides the spread over the carried-over record exactly as the uninterrupted run.
    /// </summary>
    [Fact]
    public async Task GenerateResume_SeveralLevels_InterruptedAfterItsFirstBenchmark_KeepsTheLevelsOfAnUninterruptedRun()
    {
        using var cli = new CliHarness();
        string[] Generate(string folder) => ["bench", "generate", "--count", "2", "--seed", "3", "--out", Path.Combine(cli.Scratch, folder), "--family", "push", "--level", "2-3", "--workers", "1"];
        var whole = await cli.RunAsync(Generate("whole"));
        whole.ExitCode.ShouldBe(0, whole.Stdout + whole.Stderr);
        var kept = await InterruptAfterFirstKeptAsync(cli, Path.Combine(cli.Scratch, "resumed"), o => o with { Levels = [2, 3] });

        var resumed = await cli.RunAsync([.. Generate("resumed"), "--resume"]);

        resumed.ExitCode.ShouldBe(0, resumed.Stdout + resumed.Stderr);
        resumed.Stderr.ShouldContain("1 benchmark(s) kept before it stopped, carried over");
        var expected = Outcomes(Path.Combine(cli.Scratch, "whole"));
        var actual = Outcomes(Path.Combine(cli.Scratch, "resumed"));
        actual.ShouldBe(expected);
        string.Join(",", actual.Where(c => c.Kept).Select(c => c.Level).Order()).ShouldBe("2,3", "one of each level asked for");
        actual.First(c => c.Kept).Id.ShouldBe(kept);
        actual.ShouldContain(c => c.Reason == "other_level" && c.Level == 3, "a second level-3 benchmark was turned away by the spread");
        resumed.Stdout.ShouldContain("kept per level: 0: 0, 1: 0, 2: 1, 3: 1, 4: 0, 5: 0");
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(cli.Scratch, "resumed", "index.json")))!;
        index["levels_asked"]!.AsArray().Select(l => (int)l!).ShouldBe([2, 3]);
        ((string)index["settings"]!["level"]!).ShouldBe("2,3");
    }

    /// <summary>
    /// One of each of push and drop at level 2, seed 3: drop's first candidate is kept at once, so its later candidates
    /// are not tried while push's run on until one measures level 2. Interrupted after drop's, the resumed run keeps the
    /// uninterrupted run's candidates and records the share in index.json's settings.
    /// </summary>
    [Fact]
    public async Task GenerateResume_PerFamilyAtOneLevel_InterruptedAfterOneFamilyFilled_GivesTheUninterruptedSet()
    {
        using var cli = new CliHarness();
        string[] Generate(string folder) => ["bench", "generate", "--per-family", "1", "--seed", "3", "--out", Path.Combine(cli.Scratch, folder), "--family", "push", "--family", "drop", "--level", "2", "--workers", "1"];
        var whole = await cli.RunAsync(Generate("whole"));
        whole.ExitCode.ShouldBe(0, whole.Stdout + whole.Stderr);
        whole.Stdout.ShouldContain("wrote 2 benchmark(s)");
        var kept = await InterruptAfterFirstKeptAsync(cli, Path.Combine(cli.Scratch, "resumed"), o => o with
        {
            Families = [BenchmarkFamilies.Find("push")!, BenchmarkFamilies.Find("drop")!],
            PerFamily = 1,
            Level = 2,
        });

        var resumed = await cli.RunAsync([.. Generate("resumed"), "--resume"]);

        resumed.ExitCode.ShouldBe(0, resumed.Stdout + resumed.Stderr);
        var actual = Outcomes(Path.Combine(cli.Scratch, "resumed"));
        actual.ShouldBe(Outcomes(Path.Combine(cli.Scratch, "whole")));
        actual.Where(c => c.Kept).Select(c => c.Id.Split('-')[0]).Order(StringComparer.Ordinal).ToList().ShouldBe(["drop", "push"]);
        actual.Where(c => c.Kept).ShouldAllBe(c => c.Level == 2);
        actual.Single(c => c.Id.StartsWith("drop-", StringComparison.Ordinal)).Id.ShouldBe(kept, "drop's later candidates were not tried once it had its one");
        actual.Count(c => c.Id.StartsWith("push-", StringComparison.Ordinal)).ShouldBeGreaterThan(1);
        var index = JsonNode.Parse(File.ReadAllText(Path.Combine(cli.Scratch, "resumed", "index.json")))!;
        ((string)index["settings"]!["per_family"]!).ShouldBe("1");
        ((int)index["count"]!).ShouldBe(2);
        Directory.GetDirectories(Path.Combine(cli.Scratch, "resumed")).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(actual.Where(c => c.Kept).Select(c => c.Id).Order(StringComparer.Ordinal));

        var otherShare = await cli.RunAsync([.. Generate("resumed").Select(a => a == "1" ? "2" : a), "--resume"]);
        otherShare.ExitCode.ShouldBe(2, otherShare.Stdout + otherShare.Stderr);
        otherShare.Stderr.ShouldContain("per_family: 1 in that generation, 2 now");
    }

    [Fact]
    public async Task GenerateResume_FolderWithoutAnInterruptedGeneration_IsAUsageError()
    {
        using var cli = new CliHarness();

        var r = await cli.RunAsync("bench", "generate", "--count", "1", "--seed", "3", "--out", Path.Combine(cli.Scratch, "none"), "--resume");

        r.ExitCode.ShouldBe(2, r.Stdout + r.Stderr);
        r.Stderr.ShouldContain("holds no interrupted generation to resume");
        r.Stderr.ShouldContain("without --resume");
    }

    /// <summary>
    /// Generates with the options <c>bench generate --count 2 --seed 3 --family push --workers 1</c> uses (with
    /// <paramref name="adjust"/>: the options of other flags) and stops it as soon as it keeps its first benchmark, as a
    /// killed process leaves it (the next candidate cut off mid-way).
    /// </summary>
    private static async Task<string> InterruptAfterFirstKeptAsync(CliHarness cli, string output, Func<GeneratorOptions, GeneratorOptions>? adjust = null)
    {
        using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = 2 });
        var analyzer = CadSetup.CreateAnalyzer(new CadOptions { CacheDirectory = Path.Combine(cli.Home, "cache", "cad") }, new SandboxOptions().Kind, cli.Home);
        using var killed = new CancellationTokenSource();
        var kept = string.Empty;
        try
        {
            var options = new GeneratorOptions
            {
                Count = 2,
                Seed = 3,
                OutputDirectory = output,
                Families = [BenchmarkFamilies.Find("push")!],
                Workers = 1,
                Solver = new SolverOptions { CacheDirectory = Path.Combine(cli.Home, "cache", "solver"), Budget = TimeSpan.FromMinutes(10) },
            };
            await new BenchmarkGenerator(analyzer, simulation, TimeProvider.System).GenerateAsync(
                adjust?.Invoke(options) ?? options,
                new InlineProgress<CandidateRecord>(record =>
                {
                    if (record.Kept)
                    {
                        kept = record.Id;
                        killed.Cancel();
                    }
                }),
                killed.Token);
        }
        catch (OperationCanceledException) when (killed.IsCancellationRequested)
        {
            // Where the process died.
        }

        kept.ShouldNotBeEmpty();
        File.Exists(Path.Combine(output, "index.json")).ShouldBeFalse();
        return kept;
    }

    /// <summary>Each candidate of a finished generation's index.json: id, kept, reason, level.</summary>
    private static List<(string Id, bool Kept, string? Reason, int? Level)> Outcomes(string folder) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "index.json")))!["candidates"]!.AsArray()
            .Select(c => ((string)c!["id"]!, (bool)c["kept"]!, (string?)c["reason"], (int?)c["level"]))
            .ToList();
}
