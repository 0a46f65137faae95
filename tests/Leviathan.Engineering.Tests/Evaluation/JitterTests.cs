using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;

namespace Leviathan.Engineering.Tests.Evaluation;

public sealed class JitterTests
{
    [Fact]
    public void Jitter_SameSeedAndSample_GivesTheSameStartEveryRunWithinTheHalfRanges()
    {
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("ramp-to-goal"));

        var starts = Enumerable.Range(0, 20).Select(i => SolutionEvaluator.Jitter(benchmark, i).Position).ToList();

        // Fixed values: a change here means evaluations of the same solution stop being repeatable.
        starts[0].ShouldBe(SolutionEvaluator.Jitter(benchmark, 0).Position);
        starts.Distinct().Count().ShouldBe(20);
        starts.ShouldAllBe(p => Math.Abs(p.X + 0.3) <= 0.01 && Math.Abs(p.Y) <= 0.01 && p.Z == 0.4);
        starts[0].X.ShouldBe(ExpectedFirstX, 1e-12);
    }

    [Fact]
    public void Jitter_DifferentSeed_GivesDifferentStarts()
    {
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("ramp-to-goal"));

        SolutionEvaluator.Jitter(benchmark with { Seed = 8 }, 0).Position.ShouldNotBe(SolutionEvaluator.Jitter(benchmark, 0).Position);
    }

    private const double ExpectedFirstX = -0.2953057624424369;
}
