using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Generation;
using Leviathan.Engineering.Solving;
using Leviathan.Engineering.Tests.Evaluation;
using Leviathan.Testing;

namespace Leviathan.Engineering.Tests;

/// <summary>Generating a family's benchmarks into a test's folder and checking a kept one as <c>bench check</c> does.</summary>
internal static class FamilyGeneration
{
    /// <summary>Generates from one family with one worker into <c>out/</c> of <paramref name="temp"/> (solver cache in <c>boxes/</c>).</summary>
    public static Task<GenerationIndex> GenerateAsync(
        SimulationFixture simulation,
        TempDirectory temp,
        string family,
        long seed,
        int maxCandidates,
        int solverCandidates,
        int count = 1,
        int? level = null,
        IReadOnlyList<int>? levels = null) =>
        GenerateAsync(simulation, temp, BenchmarkFamilies.Find(family)!, seed, maxCandidates, solverCandidates, count, level, levels);

    /// <inheritdoc cref="GenerateAsync(SimulationFixture, TempDirectory, string, long, int, int, int, int?, IReadOnlyList{int}?)"/>
    public static async Task<GenerationIndex> GenerateAsync(
        SimulationFixture simulation,
        TempDirectory temp,
        IBenchmarkFamily family,
        long seed,
        int maxCandidates,
        int solverCandidates,
        int count = 1,
        int? level = null,
        IReadOnlyList<int>? levels = null)
    {
        var generator = new BenchmarkGenerator(RealCad.Analyzer(), simulation.Client, TimeProvider.System);
        return await generator.GenerateAsync(
            new GeneratorOptions
            {
                Count = count,
                Seed = seed,
                OutputDirectory = temp.Combine("out"),
                Families = [family],
                Workers = 1,
                MaxCandidates = maxCandidates,
                Level = level,
                Levels = levels,
                Solver = new SolverOptions { CacheDirectory = temp.Combine("boxes"), MaxCandidates = solverCandidates },
            },
            null,
            CancellationToken.None);
    }

    /// <summary>Checks a kept benchmark's folder and asserts it is valid, non-trivial and solved by its reference.</summary>
    /// <returns>The reference's evaluation.</returns>
    public static async Task<EvaluationReport> ShouldPassCheckAsync(SimulationFixture simulation, string folder)
    {
        var check = await new BenchmarkChecker(RealCad.Analyzer(), simulation.Client, TimeProvider.System).CheckAsync(folder, new VerificationOptions(), CancellationToken.None);
        check.Valid.Passed.ShouldBeTrue(check.Valid.Detail);
        check.NonTrivial.Passed.ShouldBeTrue(check.NonTrivial.Detail);
        var reference = check.Reference.ShouldNotBeNull();
        reference.Success.ShouldBeTrue(string.Join("; ", reference.Reasons.Select(r => r.Message)));
        return reference;
    }

    /// <summary>One line a candidate, for assertion messages.</summary>
    public static string Describe(GenerationIndex index) =>
        string.Join("\n", index.Candidates.Select(c => $"{c.Id} {c.Reason ?? "kept"} {c.Seconds}s {c.Detail}"));
}
