using Leviathan.Engineering.Costs;

namespace Leviathan.Engineering.Evaluation;

/// <summary>The verdict on a solution: success, or every reason it fails, plus the figures.</summary>
public sealed record EvaluationReport
{
    public required string Benchmark { get; init; }

    public required string Solution { get; init; }

    public bool Success => Reasons.Count == 0;

    public required IReadOnlyList<EvaluationReason> Reasons { get; init; }

    /// <summary>
    /// <see cref="Reasons"/> with one line per kind of failure: the same failure at several starts (<c>left_world</c>,
    /// <c>forbid_zone_touched</c>, …) is one entry naming how many starts and which; <see cref="Reasons"/> keeps one
    /// entry per start.
    /// </summary>
    public IReadOnlyList<ReasonGroup> ReasonGroups => ReasonGroup.Of(Reasons, StartsDrawn);

    public IReadOnlyList<PartFigures> Parts { get; init; } = [];

    public CostBreakdown? Cost { get; init; }

    public double? UnitCost => Cost?.UnitCost is { } cost ? Math.Round(cost, 4) : null;

    public double MaxUnitCost { get; init; }

    public double? WeightKg { get; init; }

    public double MaxWeightKg { get; init; }

    public IReadOnlyList<SampleOutcome> Samples { get; init; } = [];

    /// <summary>The motors in the scene with the peak force or torque MuJoCo measured over the samples.</summary>
    public IReadOnlyList<MotorFigures> Motors { get; init; } = [];

    /// <summary>Slowest time to goal over the samples that reached it.</summary>
    public double? TimeToGoal
    {
        get
        {
            var times = Samples.Where(s => s.TimeToGoal is not null).Select(s => s.TimeToGoal!.Value).ToList();
            return times.Count == 0 ? null : times.Max();
        }
    }

    /// <summary>Starts simulated (jitter samples, nominal start and jitter corners; see <see cref="JudgeStarts"/>).</summary>
    public int StartsDrawn => Samples.Count;

    /// <summary>Starts in which the payload met the objective with no failure of its own (forbid zone, instability, motor).</summary>
    public int StartsPassed => Samples.Count(s => s.Passed);

    /// <summary>Robustness: starts passed / starts drawn (null when nothing was simulated). The judge requires 1.</summary>
    public double? Robustness => Samples.Count == 0 ? null : Math.Round(StartsPassed / (double)Samples.Count, 4);

    /// <summary>Largest closest-distance over the samples (how far the worst sample stayed from the goal).</summary>
    public double? ClosestDistance => Samples.Count == 0 ? null : Samples.Max(s => s.ClosestDistance);

    public IReadOnlyList<string> Notes { get; init; } = [];

    public required string Sandbox { get; init; }

    public required EvaluationTimings Timings { get; init; }
}
