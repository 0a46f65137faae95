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
        var phases = new PhaseClock(time);
        var (reason, detail, solverCandidates, tightness) = await ProveAsync(family.Create(id, seed, new Random((int)seed)), folder, seed, options, phases, cancellationToken);
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
            Phases = phases.Phases,
        };
        progress?.Report(record);
        return record;
    }

    private async Task<(string? Reason, string Detail, int SolverCandidates, (double Cost, double Weight)? Tightness)> ProveAsync(BenchmarkSpec candidate, string folder, long seed, GeneratorOptions options, PhaseClock phases, CancellationToken cancellationToken)
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
        phases.Lap((p, s) => p with { Valid = s });
        if (!valid.Passed)
        {
            return (RejectionReasons.Invalid, valid.Detail, 0, null);
        }

        var nonTrivial = await _verifier.CheckNonTrivialAsync(benchmark, folder, options.Verification, cancellationToken);
        phases.Lap((p, s) => p with { Trivial = s });
        if (!nonTrivial.Passed)
        {
            return (RejectionReasons.Trivial, nonTrivial.Detail, 0, null);
        }

        var reference = Path.Combine(folder, ReferenceFolder);
        var solver = new BaselineSolver(analyzer, simulation, time);

        // Budgets that bind: the solver judges each candidate that passes screening under limits bound to that
        // candidate's figures (BudgetBinder), so the reference's one full evaluation is already under the final limits.
        var solverOptions = options.Solver with
        {
            Seed = (int)seed,
            Samples = options.Verification.SolutionSamples,
            BindLimits = (b, cost, weight) => BudgetBinder.Bind(b, cost, weight, seed).Benchmark,
        };
        var solved = await solver.SolveAsync(benchmark, folder, reference, solverOptions, cancellationToken);
        phases.Lap((p, s) => p with { Solve = s });
        if (!solved.Solved)
        {
            var why = solved.Failure ?? "the solver found no solution";
            if (solved.Evaluation is { } report)
            {
                why += "; best candidate: " + string.Join("; ", report.Reasons.Select(r => r.Code).Distinct());
            }

            return (RejectionReasons.Unsolved, why, solved.CandidatesScreened, null);
        }

        var bound = solved.Benchmark!;
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(bound, EngineeringJsonContext.Default.BenchmarkSpec) + "\n", cancellationToken);
        benchmark = BenchmarkLoader.Load(path);
        if (benchmark.Limits.MaxUnitCost != bound.Limits.MaxUnitCost || benchmark.Limits.MaxWeight != bound.Limits.MaxWeight)
        {
            throw new InvalidOperationException($"benchmark '{benchmark.Id}': the bound limits changed when written and read back ({bound.Limits.MaxUnitCost} USD, {bound.Limits.MaxWeight} kg became {benchmark.Limits.MaxUnitCost} USD, {benchmark.Limits.MaxWeight} kg)");
        }

        var evaluation = solved.Evaluation!;
        var costTightness = Math.Round(benchmark.Limits.MaxUnitCost / Math.Max(evaluation.UnitCost ?? 0, 1e-9), 3);
        var weightTightness = Math.Round(benchmark.Limits.MaxWeight / Math.Max(evaluation.WeightKg ?? 0, 1e-9), 3);
        await _verifier.WriteReferenceSceneAsync(benchmark, folder, reference, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, SceneFile), SceneBuilder.Environment(benchmark, folder) + "\n", cancellationToken);
        phases.Lap((p, s) => p with { Reference = s });
        return (null, string.Create(CultureInfo.InvariantCulture, $"{valid.Detail}; {nonTrivial.Detail}; reference solution found after {solved.CandidatesScreened} candidates (unit cost {evaluation.UnitCost:0.##} USD of {benchmark.Limits.MaxUnitCost:0.##}, weight {evaluation.WeightKg:0.###} kg of {benchmark.Limits.MaxWeight:0.###})"), solved.CandidatesScreened, (costTightness, weightTightness));
    }
}
