using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>What counts as success.</summary>
public sealed record ObjectiveSpec
{
    /// <summary>Default <see cref="HoldTime"/> (seconds).</summary>
    public const double DefaultHoldTime = 0.5;

    /// <summary>Default <see cref="SettleSpeed"/> (m/s).</summary>
    public const double DefaultSettleSpeed = 0.05;

    [Doc("'settle': centre enters the goal and stays inside for holdTime seconds with speed below settleSpeed (delivered); 'at_end': centre in the goal when the time is up; 'any_time': centre in the goal at some moment.")]
    public required ObjectiveKind Kind { get; init; }

    [Doc("Simulated seconds.")]
    public required double TimeLimit { get; init; }

    [Doc("settle only: seconds the payload's centre must stay in the goal without a break (default 0.5).")]
    public double HoldTime { get; set; } = DefaultHoldTime;

    [Doc("settle only: largest speed of the payload's centre (m/s) while it is held in the goal (default 0.05).")]
    public double SettleSpeed { get; set; } = DefaultSettleSpeed;
}
