namespace Leviathan.Engineering.Evaluation;

/// <summary>What one payload did in one run of a benchmark with several payloads, measured against its own goal zone.</summary>
public sealed record PayloadOutcome
{
    public required string Name { get; init; }

    /// <summary>The name of the goal zone this payload must reach.</summary>
    public required string Goal { get; init; }

    /// <summary>The payload's start position (metres) after jitter.</summary>
    public required IReadOnlyList<double> Start { get; init; }

    /// <summary>Met the objective in its own goal zone.</summary>
    public required bool ReachedGoal { get; init; }

    /// <summary>Seconds until the payload's centre first entered its goal zone (settle: when the held stretch began).</summary>
    public double? TimeToGoal { get; init; }

    /// <summary>Smallest distance (metres) from the payload's centre to its goal zone during the run (0 inside).</summary>
    public required double ClosestDistance { get; init; }

    /// <summary>When (seconds) the payload's centre came closest to its goal zone.</summary>
    public double? ClosestAt { get; init; }

    /// <summary>Longest unbroken stretch (seconds) the payload's centre stayed in its goal slower than the settle speed.</summary>
    public double LongestHold { get; init; }

    /// <summary>When the payload left the world box (seconds), if it did.</summary>
    public double? LeftWorldAt { get; init; }

    public required IReadOnlyList<double> FinalPosition { get; init; }

    /// <summary>Distance (metres) from the final position to the goal zone.</summary>
    public required double FinalDistance { get; init; }
}
