using Leviathan.Evaluation.Suites;
using Leviathan.Testing;

namespace Leviathan.Evaluation.Tests;

/// <summary>Physics sets as <c>bench generate</c> writes them: the kept benchmarks, and errors that say how to fix the folder.</summary>
public sealed class PhysicsSetLoaderTests : IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-physics-set");

    [Fact]
    public void Load_ShippedPhysicsSmall_HasEveryKeptBenchmarkOfItsIndexAndHidesItsReferences()
    {
        var set = PhysicsSetLoader.Load(Path.Combine(TestPaths.RepositoryRoot, "examples", "suites", "physics-small"));

        set.Id.ShouldBe("physics-small");
        set.Benchmarks.Count.ShouldBeGreaterThan(0);
        set.Benchmarks.ShouldAllBe(b => File.Exists(b.BenchmarkFile) && b.BenchmarkFile.StartsWith(set.Directory + "/", StringComparison.Ordinal));
        set.TaskIds.ShouldBe(set.Benchmarks.Select(b => b.Id));
        set.PathsHiddenFromAgents.ShouldBe([set.Directory]);
        PhysicsSetLoader.IsPhysicsSet(set.Directory).ShouldBeTrue();
        PhysicsSetLoader.IsPhysicsSet(TestPaths.PythonBugs).ShouldBeFalse();
    }

    [Fact]
    public void Load_KeptBenchmarkWithoutItsFolder_SaysWhichAndHowToFix()
    {
        File.WriteAllText(_temp.Combine("index.json"), """{"candidates": [{"id": "drop-1", "family": "drop", "kept": true}, {"id": "gap-2", "family": "gap", "kept": false}]}""");

        var error = Should.Throw<SuiteFormatException>(() => PhysicsSetLoader.Load(_temp.Path));

        error.Message.ShouldContain("index.json keeps 'drop-1' but its folder holds no benchmark.json");
        error.Message.ShouldContain("copy the whole set folder");
    }

    [Fact]
    public void Load_NothingKept_IsAnErrorNotAnEmptySet()
    {
        File.WriteAllText(_temp.Combine("index.json"), """{"candidates": [{"id": "gap-2", "family": "gap", "kept": false}]}""");

        Should.Throw<SuiteFormatException>(() => PhysicsSetLoader.Load(_temp.Path)).Message.ShouldContain("no candidate was kept");
    }

    [Fact]
    public void Load_IndexWithoutCandidates_SaysWhatAnIndexHolds()
    {
        File.WriteAllText(_temp.Combine("index.json"), """{"seed": 1}""");

        Should.Throw<SuiteFormatException>(() => PhysicsSetLoader.Load(_temp.Path)).Message.ShouldContain("'candidates': missing or not a list");
    }

    public void Dispose() => _temp.Dispose();
}
