using System.Globalization;
using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solving;
using Leviathan.Simulation;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Generates randomized benchmarks and keeps only proven ones (<see cref="BenchmarkVerifier"/>): each candidate i
/// has its own seed derived from the run seed and i, so the outcome of a candidate does not depend on the
/// number of workers or the order they finish in. Candidates are verified in waves of <see cref="GeneratorOptions.Workers"/>;
/// the first <see cref="GeneratorOptions.Count"/> kept ones in index order are the result.
/// </summary>
public sealed class BenchmarkGenerator(PartAnalyzer analyzer, SimulationClient simulation, TimeProvider time)
{
    public const string IndexFile = "index.json";
    public const string BenchmarkFile = "benchmark.json";
    public const string SceneFile = "scene.xml";
    public const string ReferenceFolder = "reference";

    private readonly BenchmarkVerifier _verifier = new(analyzer, simulation, time);

    public async Task<GenerationIndex> GenerateAsync(GeneratorOptions options, IProgress<CandidateRecord>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Workers, 1);
        if (options.Families.Count == 0)
        {
            throw new ArgumentException("at least one family is needed", nameof(options));
        }

        Directory.CreateDirectory(options.OutputDirectory);
        var limit = options.MaxCandidates ?? (6 * options.Count);
        var records = new List<CandidateRecord>();
        var kept = 0;
        for (var wave = 0; wave < limit && kept < options.Count; wave += options.Workers)
        {
            var indices = Enumerable.Range(wave, Math.Min(options.Workers, limit - wave));
            var results = await Task.WhenAll(indices.Select(i => TryCandidateAsync(i, options, progress, cancellationToken)));
            foreach (var record in results)
            {
                if (record.Kept && kept >= options.Count)
                {
                    // Kept in the same wave as the last one needed: not part of the result, whatever the worker count.
                    Directory.Delete(Path.Combine(options.OutputDirectory, record.Id), recursive: true);
                    continue;
                }

                if (record.Kept)
                {
                    kept++;
                }
                else if (kept >= options.Count)
                {
                    continue;
                }

                records.Add(record);
            }
        }

        var index = new GenerationIndex { Seed = options.Seed, Count = options.Count, Families = options.Families.Select(f => f.Name).ToList(), Candidates = records };
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, IndexFile), JsonSerializer.Serialize(index, GenerationJsonContext.Default.GenerationIndex) + "\n", cancellationToken);
        return index;
    }

    /// <summary>Candidate i's seed: SplitMix64 of the run seed and i (stable across runs, platforms and processes).</summary>
    public static long CandidateSeed(long seed, int index)
    {
        var z = unchecked((ulong)seed + ((ulong)(index + 1) * 0x9E3779B97F4A7C15UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private async Task<CandidateRecord> TryCandidateAsync(int index, GeneratorOptions options, IProgress<CandidateRecord>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var family = options.Families[index % options.Families.Count];
        var seed = CandidateSeed(options.Seed, index);
        var id = string.Create(CultureInfo.InvariantCulture, $"{family.Name}-{seed:x8}");
        var folder = Path.Combine(options.OutputDirectory, id);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var (reason, detail, solverCandidates, tightness) = await ProveAsync(family.Create(id, seed, new Random((int)seed)), folder, seed, options, cancellationToken);
        if (reason is not null)
        {
            Directory.Delete(folder, recursive: true);
        }

        var record = new CandidateRecord
        {
            Index = index,
            Id = id,
            Family = family.Name,
            Seed = seed,
            Kept = reason is null,
            Reason = reason,
            Detail = detail,
            SolverCandidates = solverCandidates,
            CostTightness = tightness?.Cost,
            WeightTightness = tightness?.Weight,
            Seconds = Math.Round(time.GetElapsedTime(started).TotalSeconds, 3),
        };
        progress?.Report(record);
        return record;
    }

    private async Task<(string? Reason, string Detail, int SolverCandidates, (double Cost, double Weight)? Tightness)> ProveAsync(BenchmarkSpec candidate, string folder, long seed, GeneratorOptions options, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, BenchmarkFile);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(candidate, EngineeringJsonContext.Default.BenchmarkSpec) + "\n", cancellationToken);
        BenchmarkSpec benchmark;
        try
        {
            benchmark = BenchmarkLoader.Load(path); // what check and every later reader will see
        }
        catch (SpecException ex)
        {
            return (RejectionReasons.Invalid, "spec: " + string.Join("; ", ex.Errors), 0, null);
        }

        var valid = await _verifier.CheckValidAsync(benchmark, folder, options.Verification, cancellationToken);
        if (!valid.Passed)
        {
            return (RejectionReasons.Invalid, valid.Detail, 0, null);
        }

        var nonTrivial = await _verifier.CheckNonTrivialAsync(benchmark, folder, options.Verification, cancellationToken);
        if (!nonTrivial.Passed)
        {
            return (RejectionReasons.Trivial, nonTrivial.Detail, 0, null);
        }

        var reference = Path.Combine(folder, ReferenceFolder);
        var solver = new BaselineSolver(analyzer, simulation, time);
        var solved = await solver.SolveAsync(benchmark, folder, reference, options.Solver with { Seed = (int)seed, Samples = options.Verification.SolutionSamples }, cancellationToken);
        if (!solved.Solved)
        {
            var why = solved.Failure ?? "the solver found no solution";
            if (solved.Evaluation is { } report)
            {
                why += "; best candidate: " + string.Join("; ", report.Reasons.Select(r => r.Code).Distinct());
            }

            return (RejectionReasons.Unsolved, why, solved.CandidatesScreened, null);
        }

        // Budgets that bind: the limits follow from the reference, then the reference is judged again under them.
        var (bound, costTightness, weightTightness) = BudgetBinder.Bind(benchmark, solved.Evaluation!.UnitCost ?? 0, solved.Evaluation.WeightKg ?? 0, seed);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(bound, EngineeringJsonContext.Default.BenchmarkSpec) + "\n", cancellationToken);
        benchmark = BenchmarkLoader.Load(path);
        var evaluation = await _verifier.EvaluateReferenceAsync(benchmark, folder, reference, options.Verification, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(reference, BaselineSolver.EvaluationFile), JsonSerializer.Serialize(evaluation, EngineeringJsonContext.Default.EvaluationReport) + "\n", cancellationToken);
        if (!evaluation.Success)
        {
            return (RejectionReasons.Unsolved, "the reference fails under its bound limits: " + string.Join("; ", evaluation.Reasons.Select(r => r.Message)), solved.CandidatesScreened, null);
        }

        await _verifier.WriteReferenceSceneAsync(benchmark, folder, reference, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, SceneFile), SceneBuilder.Environment(benchmark, folder) + "\n", cancellationToken);
        return (null, string.Create(CultureInfo.InvariantCulture, $"{valid.Detail}; {nonTrivial.Detail}; reference solution found after {solved.CandidatesScreened} candidates (unit cost {evaluation.UnitCost:0.##} USD of {benchmark.Limits.MaxUnitCost:0.##}, weight {evaluation.WeightKg:0.###} kg of {benchmark.Limits.MaxWeight:0.###})"), solved.CandidatesScreened, (costTightness, weightTightness));
    }
}
