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
/// the first <see cref="GeneratorOptions.Count"/> kept ones in index order are the result. Every decided candidate is
/// listed in the folder's <see cref="GenerationJournal"/> as it is decided, so an interrupted run resumes
/// (<see cref="GeneratorOptions.Resume"/>) with the same result it would have had.
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

        if (options.PerFamily is { } perFamily && (perFamily < 1 || options.Families.Select(f => f.Name).Distinct(StringComparer.Ordinal).Count() != options.Families.Count || options.Count != perFamily * options.Families.Count))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"with {perFamily} per family the families must be distinct and the count {perFamily} × {options.Families.Count}, not {options.Count}"), nameof(options));
        }

        if ((options.Level is { } one ? [one] : options.Levels) is { } levels
            && LevelReach.Check(options.Families, levels, options.Solver.MaxCandidates, options.PerFamily) is { } refusal)
        {
            throw new ArgumentException($"{refusal.Message}; {refusal.Hint}", nameof(options));
        }

        Directory.CreateDirectory(options.OutputDirectory);
        var limit = options.CandidateLimit;
        var header = GenerationJournalHeader.For(options);
        var decided = new SortedDictionary<int, CandidateRecord>();
        if (options.Resume)
        {
            if (Resume(options, header, decided) is { } finished)
            {
                return finished;
            }
        }
        else if (File.Exists(GenerationJournal.PathIn(options.OutputDirectory)))
        {
            throw new GenerationResumeException(
                $"{options.OutputDirectory} holds an interrupted generation ({GenerationJournal.FileName}); starting afresh would throw its kept benchmarks away",
                "resume it with the options it was started with (bench generate --resume), or generate into another folder");
        }

        using (var journal = GenerationJournal.Create(options.OutputDirectory, header, decided.Values))
        {
            // Waves of the undecided candidates in index order: a fresh run's waves are 0..W-1, W..2W-1, …; a resumed run
            // skips what is decided. Either way the result is the first Count kept ones in index order.
            var next = 0;
            while (Result(decided, options) is null)
            {
                var full = FullFamilies(decided, options);
                var wave = new List<int>(options.Workers);
                for (; next < limit && wave.Count < options.Workers; next++)
                {
                    if (!decided.ContainsKey(next) && !full.Contains(FamilyOf(options, next).Name))
                    {
                        wave.Add(next);
                    }
                }

                if (wave.Count == 0)
                {
                    throw new InvalidOperationException("no candidate is left to try, yet the result is not decided");
                }

                foreach (var record in await Task.WhenAll(wave.Select(i => TryCandidateAsync(i, options, journal, progress, cancellationToken))))
                {
                    decided[record.Index] = record;
                }
            }
        }

        var result = Result(decided, options)!;
        var inResult = result.Where(c => c.Kept).Select(c => c.Index).ToHashSet();
        foreach (var extra in decided.Values.Where(c => c.Kept && !inResult.Contains(c.Index)))
        {
            // Kept in the same wave as the last one needed or after its family had its share (not part of the result,
            // whatever the worker count), or turned other_level by the spread of levels.
            var folder = Path.Combine(options.OutputDirectory, extra.Id);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        var index = new GenerationIndex
        {
            Seed = options.Seed,
            Count = options.Count,
            Level = options.Level,
            LevelsAsked = options.Levels,
            Families = options.Families.Select(f => f.Name).ToList(),
            Candidates = result,
            Settings = header.Settings,
        };
        await WriteIndexAsync(options.OutputDirectory, index, cancellationToken);
        File.Delete(GenerationJournal.PathIn(options.OutputDirectory));
        return index;
    }

    /// <summary>
    /// The result's candidates in index order, up to the Count-th kept one or the last candidate when they run out first,
    /// with levels spread (<see cref="SpreadLevels"/>) in index order, so a resumed run decides as an uninterrupted one;
    /// null while a candidate before its end is undecided. With <see cref="GeneratorOptions.PerFamily"/>, the candidates
    /// of a family after its share was kept are not part of it (tried or not).
    /// </summary>
    private static List<CandidateRecord>? Result(SortedDictionary<int, CandidateRecord> decided, GeneratorOptions options)
    {
        var (result, complete) = Walk(decided, options);
        return complete ? result : null;
    }

    /// <summary>The result as far as the candidates decided in a row from the first allow, and whether it is complete.</summary>
    internal static (List<CandidateRecord> Result, bool Complete) Walk(SortedDictionary<int, CandidateRecord> decided, GeneratorOptions options)
    {
        var result = new List<CandidateRecord>();
        var keptOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var kept = 0;
        for (var i = 0; i < options.CandidateLimit; i++)
        {
            var family = FamilyOf(options, i).Name;
            if (options.PerFamily is { } share && keptOf.GetValueOrDefault(family) >= share)
            {
                continue;
            }

            if (!decided.TryGetValue(i, out var record))
            {
                return (result, false);
            }

            if (record.Kept && options.Levels is not null)
            {
                record = SpreadLevels(record, options, result);
            }

            result.Add(record);
            if (record.Kept)
            {
                keptOf[family] = keptOf.GetValueOrDefault(family) + 1;
                if (++kept >= options.Count)
                {
                    return (result, true);
                }
            }
        }

        return (result, true);
    }

    /// <summary>The families that already have their share (<see cref="GeneratorOptions.PerFamily"/>) among the candidates decided in a row from the first: their later candidates need not be tried.</summary>
    private static HashSet<string> FullFamilies(SortedDictionary<int, CandidateRecord> decided, GeneratorOptions options)
    {
        if (options.PerFamily is not { } share)
        {
            return [];
        }

        return Walk(decided, options).Result.Where(c => c.Kept).GroupBy(c => c.Family, StringComparer.Ordinal)
            .Where(g => g.Count() >= share).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// With several levels asked for, a kept candidate stays kept while its level has fewer than ⌈count / levels⌉ and
    /// the slots left after it still leave one for each asked level not kept yet; otherwise it becomes other_level
    /// (its folder is removed when the result is written). With <see cref="GeneratorOptions.PerFamily"/> this holds
    /// within the candidate's family: its share spread over the asked levels the family reaches.
    /// </summary>
    internal static CandidateRecord SpreadLevels(CandidateRecord record, GeneratorOptions options, IReadOnlyList<CandidateRecord> earlier)
    {
        var asked = options.Levels!;
        var count = options.Count;
        var kept = earlier.Where(c => c.Kept).ToList();
        if (options.PerFamily is { } share)
        {
            asked = FamilyLevels(options, options.Families.First(f => f.Name == record.Family));
            count = share;
            kept = kept.Where(c => c.Family == record.Family).ToList();
        }

        var quota = (count + asked.Count - 1) / asked.Count;
        var ofLevel = kept.Count(c => c.Level == record.Level);
        var missing = asked.Count(l => l != record.Level && kept.All(c => c.Level != l));
        if (ofLevel < quota && count - kept.Count - 1 >= missing)
        {
            return record;
        }

        var whose = options.PerFamily is null ? string.Empty : $" of {record.Family}";
        var why = ofLevel >= quota
            ? $"level {record.Level} already has {ofLevel} of the {count}{whose} asked for ({quota} per level)"
            : $"the {count - kept.Count} slot(s){whose} left are kept for level(s) {string.Join(", ", asked.Where(l => kept.All(c => c.Level != l)))}";
        return record with { Kept = false, Reason = RejectionReasons.OtherLevel, ProvenBy = null, Detail = string.Create(CultureInfo.InvariantCulture, $"{why}; {record.Detail}") };
    }

    /// <summary>The asked levels <paramref name="family"/> can reach with the solver's budget (<see cref="Difficulty.Reach"/>), over which its share is spread.</summary>
    private static List<int> FamilyLevels(GeneratorOptions options, IBenchmarkFamily family)
    {
        var reach = Difficulty.Reach(family.LevelInputs, options.Solver.MaxCandidates);
        return options.Levels!.Where(reach.Contains).ToList();
    }

    /// <summary>The level candidate <paramref name="index"/> aims at (its limits are bound loose when that is 0): the single level, or the levels in turn (with a share per family, that family's levels in turn over its candidates).</summary>
    private static int? Aim(GeneratorOptions options, int index)
    {
        if (options.Level is { } level)
        {
            return level;
        }

        if (options.Levels is not { } levels)
        {
            return null;
        }

        if (options.PerFamily is null)
        {
            return levels[index % levels.Count];
        }

        var own = FamilyLevels(options, FamilyOf(options, index));
        return own[index / options.Families.Count % own.Count];
    }

    private static IBenchmarkFamily FamilyOf(GeneratorOptions options, int index) => options.Families[index % options.Families.Count];

    /// <summary>
    /// Takes over what the interrupted run in the output folder decided (into <paramref name="decided"/>) and removes
    /// every candidate folder it had not finished; returns the index when that run had already finished.
    /// </summary>
    private static GenerationIndex? Resume(GeneratorOptions options, GenerationJournalHeader header, SortedDictionary<int, CandidateRecord> decided)
    {
        var directory = options.OutputDirectory;
        var journal = GenerationJournal.Read(directory);
        if (journal is null)
        {
            return Finished(options, header) ?? throw new GenerationResumeException(
                $"{directory} holds no interrupted generation to resume (no {GenerationJournal.FileName}, no {IndexFile})",
                "run without --resume to start one");
        }

        var differences = journal.Value.Header.Differences(header);
        if (differences.Count > 0)
        {
            throw new GenerationResumeException(
                $"{directory} holds an interrupted generation with other settings: {string.Join("; ", differences)}",
                "resume with the options the interrupted run was started with, or generate into another folder");
        }

        var limit = options.CandidateLimit;
        foreach (var candidate in journal.Value.Candidates)
        {
            if (candidate.Index < 0 || candidate.Index >= limit || candidate.Id != CandidateId(options, candidate.Index) || decided.ContainsKey(candidate.Index))
            {
                throw new GenerationResumeException(
                    string.Create(CultureInfo.InvariantCulture, $"{GenerationJournal.PathIn(directory)} is damaged: candidate {candidate.Index} ('{candidate.Id}') is not one this generation tries, or is listed twice"),
                    "remove the folder and generate again; the same seed gives the same benchmarks");
            }

            // A kept benchmark whose folder is gone or incomplete (removed since) is proven again if the result needs it.
            if (!candidate.Kept || IsComplete(Path.Combine(directory, candidate.Id)))
            {
                decided[candidate.Index] = candidate;
            }
        }

        // Folders not listed as kept were being written when the run died: removed, never counted.
        for (var i = 0; i < limit; i++)
        {
            var folder = Path.Combine(directory, CandidateId(options, i));
            if (!(decided.TryGetValue(i, out var record) && record.Kept) && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        foreach (var temporary in Directory.EnumerateFiles(directory, "*.tmp").Where(f => Path.GetFileName(f).StartsWith(IndexFile + ".", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith(GenerationJournal.FileName + ".", StringComparison.Ordinal)))
        {
            File.Delete(temporary);
        }

        options.OnResume?.Invoke(new GenerationResumePoint(decided.Count, decided.Values.Count(c => c.Kept), Finished: false));
        return null;
    }

    /// <summary>The index of a generation that finished in the output folder with these options, or null when there is none.</summary>
    private static GenerationIndex? Finished(GeneratorOptions options, GenerationJournalHeader header)
    {
        var path = Path.Combine(options.OutputDirectory, IndexFile);
        if (!File.Exists(path))
        {
            return null;
        }

        var index = JsonSerializer.Deserialize(File.ReadAllText(path), GenerationJsonContext.Default.GenerationIndex)
            ?? throw new GenerationResumeException($"{path} holds no index", "remove the folder and generate again");
        // The settings name each difference (per_family too); indexes written before they were recorded are compared coarsely.
        if (index.Settings is { } settings)
        {
            var differences = new GenerationJournalHeader { Version = header.Version, Settings = settings }.Differences(header);
            if (differences.Count > 0)
            {
                throw new GenerationResumeException(
                    $"{options.OutputDirectory} holds a finished generation with other settings: {string.Join("; ", differences.Select(d => d.Replace("in the interrupted run", "in that generation", StringComparison.Ordinal)))}",
                    "generate into another folder");
            }
        }

        var families = options.Families.Select(f => f.Name).ToList();
        if (index.Seed != options.Seed || index.Count != options.Count || index.Level != options.Level || !(index.LevelsAsked ?? []).SequenceEqual(options.Levels ?? []) || !index.Families.SequenceEqual(families, StringComparer.Ordinal))
        {
            throw new GenerationResumeException(
                string.Create(CultureInfo.InvariantCulture, $"{options.OutputDirectory} holds a finished generation of other options (seed {index.Seed}, count {index.Count}, families {string.Join(",", index.Families)}, level {index.Level?.ToString(CultureInfo.InvariantCulture) ?? "any"})"),
                "generate into another folder");
        }

        options.OnResume?.Invoke(new GenerationResumePoint(index.Candidates.Count, index.Kept, Finished: true));
        return index;
    }

    /// <summary>A kept benchmark's folder as the generator leaves it: a spec that loads, the environment's scene and the reference.</summary>
    private static bool IsComplete(string folder)
    {
        var reference = Path.Combine(folder, ReferenceFolder);
        if (!File.Exists(Path.Combine(folder, SceneFile)) || !File.Exists(Path.Combine(reference, "solution.json"))
            || !File.Exists(Path.Combine(reference, "evaluation.json")) || !File.Exists(Path.Combine(reference, SceneFile)))
        {
            return false;
        }

        try
        {
            BenchmarkLoader.Load(Path.Combine(folder, BenchmarkFile));
            return true;
        }
        catch (Exception ex) when (ex is SpecException or IOException)
        {
            return false;
        }
    }

    /// <summary>Writes index.json atomically: a reader (or a resume after a crash) sees the old index or the new, never half of one.</summary>
    private static async Task WriteIndexAsync(string directory, GenerationIndex index, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, IndexFile);
        var temporary = string.Create(CultureInfo.InvariantCulture, $"{path}.{Guid.NewGuid():N}.tmp");
        await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        {
            await JsonSerializer.SerializeAsync(stream, index, GenerationJsonContext.Default.GenerationIndex, cancellationToken);
            stream.WriteByte((byte)'\n');
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Flushes every file of a kept benchmark to disk, so that the journal never lists a benchmark a power cut could leave half-written.</summary>
    private static void FlushToDisk(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
    }

    private static string CandidateId(GeneratorOptions options, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{FamilyOf(options, index).Name}-{CandidateSeed(options.Seed, index):x8}");

    /// <summary>Candidate i's seed: SplitMix64 of the run seed and i (stable across runs, platforms and processes).</summary>
    public static long CandidateSeed(long seed, int index)
    {
        var z = unchecked((ulong)seed + ((ulong)(index + 1) * 0x9E3779B97F4A7C15UL));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (long)((z ^ (z >> 31)) & 0x7FFFFFFF);
    }

    private async Task<CandidateRecord> TryCandidateAsync(int index, GeneratorOptions options, GenerationJournal journal, IProgress<CandidateRecord>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var family = FamilyOf(options, index);
        var seed = CandidateSeed(options.Seed, index);
        var id = CandidateId(options, index);
        var folder = Path.Combine(options.OutputDirectory, id);
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.CreateDirectory(folder);
        var phases = new PhaseClock(time);
        var aim = Aim(options, index);
        var proof = await ProveAsync(family.Create(id, seed, new Random((int)seed)), folder, seed, options with { Solver = options.Solver with { WaypointShare = family.SearchesWaypoints ? options.Solver.WaypointShare : 0 } }, aim, phases, cancellationToken);
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
        if (record.Kept)
        {
            FlushToDisk(folder);
        }

        // Decided only once listed: a run that dies before this line does this candidate again when resumed.
        journal.Append(record);
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
