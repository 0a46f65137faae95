using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Parts;
using Leviathan.Simulation;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// <c>bench check DIR/&lt;id&gt;</c>: reads <c>benchmark.json</c> and <c>reference/</c> and proves again that the
/// benchmark is valid, non-trivial, and that its reference solution still succeeds.
/// </summary>
public sealed class BenchmarkChecker(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    private readonly BenchmarkVerifier _verifier = new(analyzer, simulation, time);

    /// <exception cref="Json.SpecException">benchmark.json or reference/solution.json is malformed.</exception>
    /// <exception cref="FileNotFoundException">A file of the folder is missing.</exception>
    public async Task<CheckReport> CheckAsync(string folder, VerificationOptions options, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(folder);
        var path = Path.Combine(full, BenchmarkGenerator.BenchmarkFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} not found; give a folder written by 'bench generate' (it holds {BenchmarkGenerator.BenchmarkFile} and {BenchmarkGenerator.ReferenceFolder}/)", path);
        }

        var reference = Path.Combine(full, BenchmarkGenerator.ReferenceFolder);
        if (!File.Exists(Path.Combine(reference, Solutions.SolutionLoader.FileName)))
        {
            throw new FileNotFoundException($"{Path.Combine(reference, Solutions.SolutionLoader.FileName)} not found: the benchmark has no reference solution", reference);
        }

        var benchmark = BenchmarkLoader.Load(path);
        var valid = await _verifier.CheckValidAsync(benchmark, full, options, cancellationToken);
        var nonTrivial = valid.Passed
            ? await _verifier.CheckNonTrivialAsync(benchmark, full, options, cancellationToken)
            : new Verdict(false, "not checked: the environment is not valid");
        var evaluation = valid.Passed
            ? await _verifier.EvaluateReferenceAsync(benchmark, full, reference, options, cancellationToken)
            : null;
        return new CheckReport { Benchmark = benchmark.Id, Valid = valid, NonTrivial = nonTrivial, Reference = evaluation };
    }
}
