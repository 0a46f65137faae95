using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Solutions;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

public sealed class BaselineSolverTests(SimulationFixture simulation) : IClassFixture<SimulationFixture>, IDisposable
{
    private readonly TempDirectory _temp = new("leviathan-solver");

    [Fact]
    public async Task Solve_HandWrittenRampToGoal_WritesASolutionTheEvaluatorAccepts()
    {
        var path = TestPaths.Benchmark("ramp-to-goal");
        var benchmark = BenchmarkLoader.Load(path);
        var output = _temp.Combine("solution");

        var result = await new BaselineSolver(RealCad.Analyzer(), simulation.Client, TimeProvider.System).SolveAsync(
            benchmark, Path.GetDirectoryName(path)!, output, new SolverOptions { CacheDirectory = _temp.Combine("boxes"), Seed = 2, MaxCandidates = 400 }, CancellationToken.None);

        result.Solved.ShouldBeTrue(result.Failure + " " + string.Join("; ", result.Evaluation?.Reasons.Select(r => r.Message) ?? []));
        var solution = SolutionLoader.Load(output, benchmark);
        var again = await new SolutionEvaluator(RealCad.Analyzer(), simulation.Client, TimeProvider.System).EvaluateAsync(
            benchmark, Path.GetDirectoryName(path)!, solution, output, new EvaluationOptions(), CancellationToken.None);
        again.Success.ShouldBeTrue(string.Join("; ", again.Reasons.Select(r => r.Message)));
        solution.Parts.ShouldContain(p => p.Process == Leviathan.Engineering.Manufacturing.ManufacturingProcess.CncMilling); // the ramp must be longer than a printer makes
        File.ReadAllText(Path.Combine(output, solution.Parts[0].File)).ShouldContain("cube(");
    }

    [Fact]
    public async Task Solve_HandWrittenFlipIntoBin_FindsALeverWithAnUprightPlateThatCarriesTheBlockIntoTheBin()
    {
        var path = TestPaths.Benchmark("flip-into-bin");
        var benchmark = BenchmarkLoader.Load(path);
        var output = _temp.Combine("flip");

        var result = await new BaselineSolver(RealCad.Analyzer(), simulation.Client, TimeProvider.System).SolveAsync(
            benchmark, Path.GetDirectoryName(path)!, output, new SolverOptions { CacheDirectory = _temp.Combine("boxes"), Seed = 3, MaxCandidates = 600 }, CancellationToken.None);

        result.Solved.ShouldBeTrue(result.Failure + " " + string.Join("; ", result.Evaluation?.Reasons.Select(r => r.Message) ?? []));
        var solution = SolutionLoader.Load(output, benchmark);
        solution.Parts.Where(p => p.Mount == "flipper").Select(p => p.Name).ShouldBe(["flipper-lever", "flipper-tip"]);
        solution.Controls.ShouldHaveSingleItem().To!.Value.ShouldBeGreaterThan(90); // carried over the top
        File.Exists(Path.Combine(output, BaselineSolver.EvaluationFile)).ShouldBeTrue();
    }

    public void Dispose() => _temp.Dispose();
}
