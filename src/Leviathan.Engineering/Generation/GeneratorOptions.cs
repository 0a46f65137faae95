using Leviathan.Engineering.Solving;

namespace Leviathan.Engineering.Generation;

/// <summary>What <see cref="BenchmarkGenerator"/> makes and how hard it tries.</summary>
public sealed record GeneratorOptions
{
    /// <summary>Benchmarks to keep.</summary>
    public required int Count { get; init; }

    public required long Seed { get; init; }

    public required string OutputDirectory { get; init; }

    /// <summary>Families cycled through in order (candidate i belongs to family i mod n).</summary>
    public IReadOnlyList<IBenchmarkFamily> Families { get; init; } = BenchmarkFamilies.All;

    /// <summary>Candidates verified at the same time.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Candidates tried at most; null: 6 × <see cref="Count"/>.</summary>
    public int? MaxCandidates { get; init; }

    /// <summary>Candidates tried at most: <see cref="MaxCandidates"/> or its default.</summary>
    public int CandidateLimit => MaxCandidates ?? (6 * Count);

    /// <summary>
    /// Continue the interrupted generation in <see cref="OutputDirectory"/> (<see cref="GenerationJournal"/>): the
    /// candidates it decided are kept as they are and the rest are tried, so the result is the one an uninterrupted run
    /// gives. The settings must be the interrupted run's. False: start afresh (refused when the folder holds an
    /// interrupted generation, so that it is not lost by mistake).
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>Told where a resumed generation picked up, before it tries any candidate.</summary>
    public Action<GenerationResumePoint>? OnResume { get; init; }

    /// <summary>Search settings for the solvability proof (the seed is derived per candidate).</summary>
    public required SolverOptions Solver { get; init; }

    /// <summary>
    /// The solvability proof gives up on a candidate when the solver's best score has not improved by 1 mm over this
    /// many screened candidates (<see cref="SolverOptions.StallLimit"/>); null: it searches all
    /// <see cref="SolverOptions.MaxCandidates"/>. Default <see cref="DefaultSolverStallLimit"/>.
    /// </summary>
    public int? SolverStallLimit { get; init; } = DefaultSolverStallLimit;

    /// <summary>
    /// Default <see cref="SolverStallLimit"/>, from where solved candidates were solved: over the kept benchmarks of
    /// measured generation runs (every family), the longest stall before the solution was found.
    /// </summary>
    public const int DefaultSolverStallLimit = 300;

    /// <summary>Keep only benchmarks of this difficulty level (0–5, <see cref="Difficulty"/>); null: any level.</summary>
    public int? Level { get; init; }

    /// <summary>
    /// Keep only benchmarks of these levels, spread evenly: candidate i aims at <c>Levels[i mod n]</c> (its limits are
    /// bound loose when that is 0, as for <see cref="Level"/> 0), and a benchmark is kept while its level has fewer than
    /// ⌈<see cref="Count"/> / n⌉ kept and enough room is left for one of each level not kept yet; the others are listed
    /// as other_level. Null: <see cref="Level"/> decides.
    /// </summary>
    public IReadOnlyList<int>? Levels { get; init; }

    /// <summary>
    /// Keep this many benchmarks of every family (a balanced set): <see cref="Count"/> must be this times the number
    /// of (distinct) families. Candidate i still belongs to family i mod n; once a family has its share, its later
    /// candidates are not tried (nor listed), and with several <see cref="Levels"/> each family's share is spread over
    /// the asked levels it can reach (<see cref="LevelReach"/>). Null: the first <see cref="Count"/> kept, whatever
    /// their family.
    /// </summary>
    public int? PerFamily { get; init; }

    public VerificationOptions Verification { get; init; } = new();
}
