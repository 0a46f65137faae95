using System.Text.Json;
using Leviathan.Core.Reporting;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Generation;

/// <summary>
/// A generation interrupted after it kept a benchmark (as a killed process or a stopped server leaves it: a candidate
/// folder half-written, the journal's last line torn) resumes with the result of an uninterrupted run: the benchmark it
/// kept is carried over untouched and counted, nothing is lost or duplicated, and the index matches the folders.
/// </summary>
public sealed class GenerationResumeTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-gen-resume");

    [Fact]
    public async Task Resume_AfterAnInterruptionOnceABenchmarkWasKept_GivesTheUninterruptedResult_AndLeavesTheKeptOneUntouched()
    {
        var whole = await Generator().GenerateAsync(Options("whole"), null, CancellationToken.None);
        whole.Kept.ShouldBe(2, FamilyGeneration.Describe(whole));

        // Interrupted as soon as the first benchmark is kept: the next candidate has started and is cut off mid-way.
        using var interrupt = new CancellationTokenSource();
        var interrupted = Options("resumed");
        var cut = false;
        CandidateRecord? keptBefore = null;
        try
        {
            await Generator().GenerateAsync(
                interrupted,
                new InlineProgress<CandidateRecord>(record =>
                {
                    if (record.Kept)
                    {
                        keptBefore = record;
                        interrupt.Cancel();
                    }
                }),
                interrupt.Token);
        }
        catch (OperationCanceledException)
        {
            cut = true;
        }

        cut.ShouldBeTrue("the generation was interrupted");
        var first = whole.Candidates.First(c => c.Kept);
        var firstFolder = Path.Combine(interrupted.OutputDirectory, first.Id);
        var before = FolderSnapshot.Of(firstFolder);
        File.Exists(Path.Combine(interrupted.OutputDirectory, BenchmarkGenerator.IndexFile)).ShouldBeFalse("an interrupted run has no index");

        // What a crash can leave besides: the next candidate's folder half-written, and a torn last line in the journal.
        var next = whole.Candidates[first.Index + 1];
        var half = Path.Combine(interrupted.OutputDirectory, next.Id);
        Directory.CreateDirectory(half);
        await File.WriteAllTextAsync(Path.Combine(half, BenchmarkGenerator.BenchmarkFile), "{\"id\": \"half-wri");
        await File.AppendAllTextAsync(GenerationJournal.PathIn(interrupted.OutputDirectory), $"{{\"index\":{next.Index},\"id\":\"{next.Id}\",\"fam");

        // Starting afresh into it would throw the kept benchmark away, and other settings would give other benchmarks: both refused.
        (await Should.ThrowAsync<GenerationResumeException>(() => Generator().GenerateAsync(interrupted, null, CancellationToken.None)))
            .Message.ShouldContain("holds an interrupted generation");
        (await Should.ThrowAsync<GenerationResumeException>(() => Generator().GenerateAsync(interrupted with { Seed = 22, Resume = true }, null, CancellationToken.None)))
            .Message.ShouldContain("seed: 21 in the interrupted run, 22 now");
        FolderSnapshot.Of(firstFolder).ShouldBe(before);

        GenerationResumePoint? point = null;
        var resumed = await Generator().GenerateAsync(interrupted with { Resume = true, Workers = 2, OnResume = p => point = p }, null, CancellationToken.None);

        point.ShouldBe(new GenerationResumePoint(first.Index + 1, 1, Finished: false));
        resumed.Candidates.Select(c => (c.Index, c.Id, c.Kept, c.Reason, c.Level)).ShouldBe(whole.Candidates.Select(c => (c.Index, c.Id, c.Kept, c.Reason, c.Level)));
        FolderSnapshot.Of(firstFolder).ShouldBe(before, "the benchmark kept before the interruption is carried over byte for byte, not redone");
        var carried = resumed.Candidates.Single(c => c.Index == first.Index);
        (carried.Seconds, carried.Detail).ShouldBe((keptBefore!.Seconds, keptBefore.Detail), "its record is the interrupted run's");
        Directory.GetDirectories(interrupted.OutputDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(resumed.Candidates.Where(c => c.Kept).Select(c => c.Id).Order(StringComparer.Ordinal), "one folder per kept benchmark, none left half-written or twice");
        foreach (var kept in whole.Candidates.Where(c => c.Kept))
        {
            Read("resumed", kept.Id, "benchmark.json").ShouldBe(Read("whole", kept.Id, "benchmark.json"));
            Read("resumed", kept.Id, "reference", "solution.json").ShouldBe(Read("whole", kept.Id, "reference", "solution.json"));
        }

        var onDisk = JsonSerializer.Deserialize(Read("resumed", BenchmarkGenerator.IndexFile), GenerationJsonContext.Default.GenerationIndex)!;
        onDisk.Candidates.Select(c => c.Id).ShouldBe(resumed.Candidates.Select(c => c.Id));
        onDisk.Kept.ShouldBe(2);
        File.Exists(GenerationJournal.PathIn(interrupted.OutputDirectory)).ShouldBeFalse("the journal goes once the index is written");
        Directory.GetFiles(interrupted.OutputDirectory).Select(Path.GetFileName).ShouldBe([BenchmarkGenerator.IndexFile]);

        // Resuming a finished generation changes nothing.
        var index = FolderSnapshot.Of(interrupted.OutputDirectory);
        var again = await Generator().GenerateAsync(interrupted with { Resume = true, OnResume = p => point = p }, null, CancellationToken.None);
        point.ShouldBe(new GenerationResumePoint(resumed.Candidates.Count, 2, Finished: true));
        again.Candidates.Select(c => c.Id).ShouldBe(resumed.Candidates.Select(c => c.Id));
        FolderSnapshot.Of(interrupted.OutputDirectory).ShouldBe(index);
    }

    [Fact]
    public async Task Resume_FolderWithNothingToResume_IsRefusedSayingSo()
    {
        var error = await Should.ThrowAsync<GenerationResumeException>(() => Generator().GenerateAsync(Options("empty") with { Resume = true }, null, CancellationToken.None));

        error.Message.ShouldContain("holds no interrupted generation to resume");
        error.Hint.ShouldContain("without --resume");
    }

    public void Dispose() => _temp.Dispose();

    private BenchmarkGenerator Generator() => new(RealCad.Analyzer(), simulation.Client, TimeProvider.System);

    /// <summary>Seed 21 over drop and gap with a 240-candidate solver: an unsolved candidate, then kept ones.</summary>
    private GeneratorOptions Options(string folder) => new()
    {
        Count = 2,
        Seed = 21,
        OutputDirectory = _temp.Combine(folder),
        Families = [new DropFamily(), new GapFamily()],
        Workers = 1,
        MaxCandidates = 6,
        Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes"), MaxCandidates = 240 },
    };

    private string Read(params string[] parts) => File.ReadAllText(_temp.Combine(parts));
}
