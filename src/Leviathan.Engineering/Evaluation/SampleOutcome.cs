namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// One jittered simulation run. With several payloads, <see cref="Payloads"/> holds each payload's figures; the
/// sample's own figures are then the payload's (<see cref="Start"/>, <see cref="FinalPosition"/>, contacts) or the
/// worst over the payloads (reached only when every payload reached its goal, the largest closest distance, the
/// latest time to goal, the shortest hold, the earliest exit from the world).
/// </summary>
public sealed record SampleOutcome
{
    /// <summary>Index in the judge's list of starts (<see cref="JudgeStarts"/>).</summary>
    public required int Sample { get; init; }

    /// <summary>Which start: the jitter sample's number, <c>nominal</c> or <c>corner k</c>.</summary>
    public string Label { get; init; } = string.Empty;

    /// <summary>The payload's start position (metres) after jitter.</summary>
    public required IReadOnlyList<double> Start { get; init; }

    public required bool ReachedGoal { get; init; }

    /// <summary>Met the objective and failed nothing else at this start (no forbid zone touched, stable, motors within their limits).</summary>
    public bool Passed { get; init; }

    /// <summary>Seconds until the payload's centre first entered the goal zone.</summary>
    public double? TimeToGoal { get; init; }

    /// <summary>Smallest distance (metres) from the payload's centre to the goal zone during the run (0 inside).</summary>
    public required double ClosestDistance { get; init; }

    /// <summary>When (seconds) the payload's centre came closest to the goal zone (the first time it was inside, when it entered).</summary>
    public double? ClosestAt { get; init; }

    /// <summary>What the payload touched (fixtures, parts, motors) and when; recorded at the evaluator's sample rate.</summary>
    public IReadOnlyList<SampleContact> Contacts { get; init; } = [];

    /// <summary>Longest unbroken stretch (seconds) the payload's centre stayed in the goal slower than the settle speed.</summary>
    public double LongestHold { get; init; }

    /// <summary>When the payload left the world box (seconds), if it did; the sample was judged up to then.</summary>
    public double? LeftWorldAt { get; init; }

    public required IReadOnlyList<double> FinalPosition { get; init; }

    public string? Unstable { get; init; }

    public IReadOnlyList<string> ForbidZonesTouched { get; init; } = [];

    /// <summary>Each payload's outcome against its own goal zone, with several payloads (null with one).</summary>
    public IReadOnlyList<PayloadOutcome>? Payloads { get; init; }

    /// <summary>Largest |force| (N, slider) or |torque| (N·m, hinge) each motor applied, as MuJoCo measured it, by motor name.</summary>
    public IReadOnlyDictionary<string, double> MotorPeaks { get; init; } = new Dictionary<string, double>();
}
