using System.Globalization;
using System.Text.Json;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Parts;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
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
        if (options.Level is < 0 or > Difficulty.MaxLevel)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Level, $"the level must be from 0 to {Difficulty.MaxLevel}");
        }

        if (options.Levels is { } asked && (asked.Count == 0 || asked.Any(l => l is < 0 or > Difficulty.MaxLevel) || asked.Distinct().Count() != asked.Count || asked.Count > options.Count || options.Level is not null))
        {
            throw new ArgumentException($"the levels must be distinct, from 0 to {Difficulty.MaxLevel}, no more than the count and not given together with a single level", nameof(options));
        }

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
            foreach (var result in results)
            {
                var record = result.Kept && options.Levels is not null ? SpreadLevels(result, options, records) : result;
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

        var index = new GenerationIndex { Seed = options.Seed, Count = options.Count, Level = options.Level, LevelsAsked = options.Levels, Families = options.Families.Select(f => f.Name).ToList(), Candidates = records };
        await File.WriteAllTextAsync(Path.Combine(options.OutputDirectory, IndexFile), JsonSerializer.Serialize(index, GenerationJsonContext.Default.GenerationIndex) + "\n", cancellationToken);
        return index;
    }

    /// <summary>
    /// With several levels asked for, a kept candidate stays kept while its level has fewer than ⌈count / levels⌉ and
    /// the slots left after it still leave one for each asked level not kept yet; otherwise it becomes other_level.
    /// </summary>
    internal static CandidateRecord SpreadLevels(CandidateRecord record, GeneratorOptions options, List<CandidateRecord> earlier)
    {
        var asked = options.Levels!;
        var kept = earlier.Where(c => c.Kept).ToList();
        var quota = (options.Count + asked.Count - 1) / asked.Count;
        var ofLevel = kept.Count(c => c.Level == record.Level);
        var missing = asked.Count(l => l != record.Level && kept.All(c => c.Level != l));
        if (ofLevel < quota && options.Count - kept.Count - 1 >= missing)
        {
            return record;
        }

        Directory.Delete(Path.Combine(options.OutputDirectory, record.Id), recursive: true);
        var why = ofLevel >= quota
            ? $"level {record.Level} already has {ofLevel} of the {options.Count} asked for ({quota} per level)"
            : $"the {options.Count - kept.Count} slot(s) left are kept for level(s) {string.Join(", ", asked.Where(l => kept.All(c => c.Level != l)))}";
        return record with { Kept = false, Reason = RejectionReasons.OtherLevel, ProvenBy = null, Detail = string.Create(CultureInfo.InvariantCulture, $"{why}; {record.Detail}") };
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
        var aim = options.Level ?? options.Levels?[index % options.Levels.Count];
        var proof = await ProveAsync(family.Create(id, seed, new Random((int)seed)), folder, seed, options, aim, phases, cancellationToken);
        if (proof.Reason is null && options.Level is { } wanted && proof.Level != wanted)
        {
            proof = proof with { Reason = RejectionReasons.OtherLevel, Detail = string.Create(CultureInfo.InvariantCulture, $"level {proof.Level}, not the level {wanted} asked for; {proof.Detail}") };
        }

        if (proof.Reason is null && options.Levels is { } levels && !levels.Contains(proof.Level!.Value))
        {
            proof = proof with { Reason = RejectionReasons.OtherLevel, Detail = string.Create(CultureInfo.InvariantCulture, $"level {proof.Level}, not one of the levels {string.Join(", ", levels)} asked for; {proof.Detail}") };
        }

        if (proof.Reason is not null)
        {
            Directory.Delete(folder, recursive: true);
        }

        var record = new CandidateRecord
        {
            Index = index,
            Id = id,
            Family = family.Name,
            Seed = seed,
            Kept = proof.Reason is null,
            Reason = proof.Reason,
            Detail = proof.Detail,
            SolverCandidates = proof.SolverCandidates,
            SolverStall = proof.SolverStall,
            CostTightness = proof.CostTightness,
            WeightTightness = proof.WeightTightness,
            Level = proof.Level,
            ReferenceParts = proof.ReferenceParts,
            ReferenceMotors = proof.ReferenceMotors,
            ReferenceProcesses = proof.ReferenceProcesses,
            ProvenBy = proof.Reason is null ? SolvabilityProof.Baseline : null,
            Seconds = Math.Round(time.GetElapsedTime(started).TotalSeconds, 3),
            Phases = phases.Phases,
        };
        progress?.Report(record);
        return record;
    }

    private async Task<ProofOutcome> ProveAsync(BenchmarkSpec candidate, string folder, long seed, GeneratorOptions options, int? aim, PhaseClock phases, CancellationToken cancellationToken)
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
            return new ProofOutcome(RejectionReasons.Invalid, "spec: " + string.Join("; ", ex.Errors), 0);
        }

        var valid = await _verifier.CheckValidAsync(benchmark, folder, options.Verification, cancellationToken);
        phases.Lap((p, s) => p with { Valid = s });
        if (!valid.Passed)
        {
            return new ProofOutcome(RejectionReasons.Invalid, valid.Detail, 0);
        }

        var nonTrivial = await _verifier.CheckNonTrivialAsync(benchmark, folder, options.Verification, cancellationToken);
        phases.Lap((p, s) => p with { Trivial = s });
        if (!nonTrivial.Passed)
        {
            return new ProofOutcome(RejectionReasons.Trivial, nonTrivial.Detail, 0);
        }

        var reference = Path.Combine(folder, ReferenceFolder);
        var solver = new BaselineSolver(analyzer, simulation, time);

        // Aiming at level 0, whose limits must be loose (Difficulty.LooseFrom), the factors are drawn from [1.4, 1.6]:
        // any other draw could not give level 0, whatever the reference.
        var looseness = aim == 0 ? Difficulty.LooseFrom : BudgetBinder.MinFactor;

        // Budgets that bind: the solver judges each candidate that passes screening under limits bound to that
        // candidate's figures (BudgetBinder), so the reference's one full evaluation is already under the final limits.
        var solverOptions = options.Solver with
        {
            Seed = (int)seed,
            Samples = options.Verification.SolutionSamples,
            StallLimit = options.SolverStallLimit,
            BindLimits = (b, cost, weight) => BudgetBinder.Bind(b, cost, weight, seed, looseness).Benchmark,
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

            return new ProofOutcome(RejectionReasons.Unsolved, why, solved.CandidatesScreened) { SolverStall = solved.LongestStall };
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
        var solution = SolutionLoader.Load(reference, benchmark);
        var motors = solution.Controls.Select(c => c.Motor).Distinct(StringComparer.Ordinal).Count();
        var level = Difficulty.Level(solution.Parts.Count, motors, solved.CandidatesScreened, costTightness, weightTightness, benchmark.Payload.Jitter);
        return new ProofOutcome(null, string.Create(CultureInfo.InvariantCulture, $"{valid.Detail}; {nonTrivial.Detail}; reference solution found after {solved.CandidatesScreened} candidates (unit cost {evaluation.UnitCost:0.##} USD of {benchmark.Limits.MaxUnitCost:0.##}, weight {evaluation.WeightKg:0.###} kg of {benchmark.Limits.MaxWeight:0.###}); level {level}"), solved.CandidatesScreened)
        {
            SolverStall = solved.LongestStall,
            CostTightness = costTightness,
            WeightTightness = weightTightness,
            Level = level,
            ReferenceParts = solution.Parts.Count,
            ReferenceMotors = motors,
            ReferenceProcesses = solution.Parts.Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Process.ToString())).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        };
    }
}
