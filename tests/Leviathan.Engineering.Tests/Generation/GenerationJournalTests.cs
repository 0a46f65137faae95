using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests.Generation;

/// <summary>The journal a generation resumes from: a torn last line is a candidate not decided, damage elsewhere is refused.</summary>
public sealed class GenerationJournalTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-journal");

    [Fact]
    public void Read_TornLastLine_IsSkipped_AndTheDecidedCandidatesAreRead()
    {
        using (var journal = GenerationJournal.Create(_temp.Path, Header(), [Candidate(0, kept: false)]))
        {
            journal.Append(Candidate(1, kept: true));
        }

        File.AppendAllText(GenerationJournal.PathIn(_temp.Path), "{\"index\":2,\"id\":\"drop-0");

        var read = GenerationJournal.Read(_temp.Path).ShouldNotBeNull();

        read.Candidates.Select(c => (c.Index, c.Kept)).ShouldBe([(0, false), (1, true)]);
        read.Header.Differences(Header()).ShouldBeEmpty();
    }

    [Fact]
    public void Read_DamagedLineBeforeTheLast_IsRefusedNamingTheLine()
    {
        using (var journal = GenerationJournal.Create(_temp.Path, Header(), [Candidate(0, kept: false)]))
        {
            journal.Append(Candidate(1, kept: true));
        }

        var lines = File.ReadAllLines(GenerationJournal.PathIn(_temp.Path));
        lines[1] = "{\"index\":0,";
        File.WriteAllLines(GenerationJournal.PathIn(_temp.Path), lines);

        var error = Should.Throw<GenerationResumeException>(() => GenerationJournal.Read(_temp.Path));

        error.Message.ShouldContain("line 2 is not a candidate");
        error.Hint.ShouldContain("generate again");
    }

    [Fact]
    public void Differences_OtherSettings_NameEachOne_ButNotTheWorkerCount()
    {
        var other = GenerationJournalHeader.For(Options() with { Level = 2, Workers = 8, Solver = Options().Solver with { HingedRamps = true } });

        Header().Differences(other).ShouldBe(["level: any in the interrupted run, 2 now", "solver_hinged_ramps: false in the interrupted run, true now"]);
    }

    public void Dispose() => _temp.Dispose();

    private GeneratorOptions Options() => new()
    {
        Count = 2,
        Seed = 5,
        OutputDirectory = _temp.Path,
        Families = [new DropFamily()],
        Solver = new SolverOptions { CacheDirectory = _temp.Combine("boxes") },
    };

    private GenerationJournalHeader Header() => GenerationJournalHeader.For(Options());

    private static CandidateRecord Candidate(int index, bool kept) => new()
    {
        Index = index,
        Id = $"drop-{index:x8}",
        Family = "drop",
        Seed = index,
        Kept = kept,
        Reason = kept ? null : RejectionReasons.Unsolved,
        Detail = "measured",
        Seconds = 1.5,
    };
}
