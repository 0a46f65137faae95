using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;

namespace Leviathan.Engineering.Solving;

/// <summary>What the solver found: the best candidate's full evaluation (when one passed screening) and search figures.</summary>
public sealed record SolveResult
{
    public bool Solved => Evaluation?.Success == true;

    /// <summary>The full evaluation of the written solution; null when no candidate passed screening.</summary>
    public EvaluationReport? Evaluation { get; init; }

    /// <summary>Best screening score: 0 = met the objective in every sample; otherwise the worst miss in metres (+10 when a check failed first).</summary>
    /// <summary>
    /// The benchmark the solution was judged under: the input, or with <see cref="SolverOptions.BindLimits"/> the input
    /// with the limits bound to the solution's figures. Null when no candidate passed screening.
    /// </summary>
    public BenchmarkSpec? Benchmark { get; init; }

    public required double BestScore { get; init; }

    public required int CandidatesScreened { get; init; }

    /// <summary>Of <see cref="CandidatesScreened"/>, how many had waypoint controls (the search's second phase; 0 when ramps sufficed).</summary>
    public int WaypointCandidates { get; init; }

    /// <summary>The controls of the written solution (or of the best candidate when none passed); empty when nothing was written.</summary>
    public IReadOnlyList<Solutions.ControlSpec> Controls { get; init; } = [];

    /// <summary>Each control of <see cref="Controls"/> in words: the motor, then its profile (<c>ramp</c>, or <c>waypoints</c> with its shape and points).</summary>
    public IReadOnlyList<string> ControlProfiles => Controls.Select(c => $"{c.Motor}: {MotorControls.Describe(c)}").ToList();

    public required int FullEvaluations { get; init; }

    public required double Seconds { get; init; }

    /// <summary>
    /// The longest stretch of screened candidates over which the best score did not improve by
    /// <see cref="SolverOptions.StallImprovement"/> (up to the solution, when one was found).
    /// </summary>
    public int LongestStall { get; init; }

    /// <summary>Why the search stopped without a solution, when it did.</summary>
    public string? Failure { get; init; }
}
