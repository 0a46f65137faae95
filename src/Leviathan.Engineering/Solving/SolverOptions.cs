namespace Leviathan.Engineering.Solving;

/// <summary>How long and how the baseline solver searches.</summary>
public sealed record SolverOptions
{
    /// <summary>Seed of the search; the same seed, benchmark and limits give the same candidates in the same order.</summary>
    public int Seed { get; init; }

    /// <summary>Most candidates screened (the deterministic budget; many are rejected by the analytic checks before any simulation).</summary>
    public int MaxCandidates { get; init; } = 1000;

    /// <summary>Wall-clock cap on the search; reaching it stops the search early (then results may depend on machine speed).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Seeded jitter samples per candidate, in screening and in the final evaluation; both also run the nominal
    /// start and the jitter corners (<see cref="Evaluation.JudgeStarts"/>). Default: the evaluator's.
    /// </summary>
    public int Samples { get; init; } = Evaluation.EvaluationOptions.DefaultSamples;

    /// <summary>
    /// Starts simulated side by side in screening after sample 0 (corners first); screening stops at the first group
    /// in which the candidate misses, so a failing candidate costs a group, not every start. Default 4.
    /// </summary>
    public int ScreeningGroupSize { get; init; } = 4;

    /// <summary>Candidates screened concurrently per generation of the evolution strategy.</summary>
    public int BatchSize { get; init; } = 4;

    /// <summary>Share of <see cref="MaxCandidates"/> spent on draws from the search space's prior before local refinement starts.</summary>
    public double RandomShare { get; init; } = 0.3;

    /// <summary>Most full evaluations (OpenSCAD, checks, simulation) of candidates that passed screening, in each phase of the search (ramp controls, waypoint controls).</summary>
    public int MaxFullEvaluations { get; init; } = 4;

    /// <summary>
    /// Screening judges the objective against the goal zone moved in by this much (metres; at most a quarter of the
    /// zone per axis), so candidates that only graze the goal are not sent to the evaluator. Default 3 mm.
    /// </summary>
    public double GoalMargin { get; init; } = 0.003;

    /// <summary>
    /// When set, a candidate that passes screening is judged by the full evaluator under the limits this returns for
    /// its unit cost (USD) and weight (kg), as screening computes them from its boxes (the evaluator's formulas on
    /// the same solids), instead of under the benchmark's own: the generator binds the budgets to the reference this
    /// way, in the one full evaluation. Null: the benchmark's limits.
    /// </summary>
    public Func<Benchmarks.BenchmarkSpec, double, double, Benchmarks.BenchmarkSpec>? BindLimits { get; init; }

    /// <summary>
    /// Give up when the best screening score has not improved by <see cref="SolverOptions.StallImprovement"/> over this
    /// many screened candidates (null: search the whole <see cref="MaxCandidates"/>). The generator sets it from where
    /// solved candidates were solved, so that hopeless candidates stop early.
    /// </summary>
    public int? StallLimit { get; init; }

    /// <summary>Least decrease of the best score (metres of miss) that counts as progress for <see cref="StallLimit"/>: 1 mm.</summary>
    public const double StallImprovement = 0.001;

    /// <summary>
    /// Lay every ramp that slopes down by at least 1° as a flap on a passive hinge along its upper edge: it starts
    /// level, swings down under its own weight and rests on the hinge's stop at the ramp's slope (see
    /// <c>SearchSpace.Flap</c>). Off by default, so the solver's references stay as they are.
    /// </summary>
    public bool HingedRamps { get; init; }

    /// <summary>
    /// Waypoint controls where ramps fail, on a benchmark with motors: the search screens candidates with ramp controls
    /// (one move per motor) first, exactly as without waypoints (up to <see cref="MaxCandidates"/> or until it stalls,
    /// <see cref="StallLimit"/>); only when that ends unsolved does it screen up to this share of
    /// <see cref="MaxCandidates"/> more, with waypoint controls (a stroke and return, or a retreat then a stroke, see
    /// <c>MotorControls</c>), giving up on them after half the stall limit without beating the best ramp candidate by
    /// <see cref="StallImprovement"/>. 0: ramps only. Default 0.3.
    /// </summary>
    public double WaypointShare { get; init; } = 0.3;

    /// <summary>Where screening meshes (boxes written as STL, named by content) are kept.</summary>
    public required string CacheDirectory { get; init; }
}
