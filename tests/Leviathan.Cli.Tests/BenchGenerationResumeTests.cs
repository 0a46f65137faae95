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
    /// Generates with the options <c>bench generate --count 2 --seed 3 --family push --workers 1</c> uses and stops it as
    /// soon as it keeps its first benchmark, as a killed process leaves it (the next candidate cut off mid-way).
    /// </summary>
    private static async Task<string> InterruptAfterFirstKeptAsync(CliHarness cli, string output)
    {
        using var simulation = new SimulationClient(new SimulationClientOptions { MaxWorkers = 2 });
        var analyzer = CadSetup.CreateAnalyzer(new CadOptions { CacheDirectory = Path.Combine(cli.Home, "cache", "cad") }, new SandboxOptions().Kind, cli.Home);
        using var killed = new CancellationTokenSource();
        var kept = string.Empty;
        try
        {
            await new BenchmarkGenerator(analyzer, simulation, TimeProvider.System).GenerateAsync(
                new GeneratorOptions
                {
                    Count = 2,
                    Seed = 3,
                    OutputDirectory = output,
                    Families = [BenchmarkFamilies.Find("push")!],
                    Workers = 1,
                    Solver = new SolverOptions { CacheDirectory = Path.Combine(cli.Home, "cache", "solver"), Budget = TimeSpan.FromMinutes(10) },
                },
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
}
