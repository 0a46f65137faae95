using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Solutions;

/// <summary>
/// A motor's target position over time (degrees for a hinge, metres for a slider). Which fields apply depends
/// on <see cref="Profile"/>: constant(value); sine(offset, amplitude, frequency, phase);
/// square(low, high, period, duty); ramp(from, to, start, duration); waypoints(points [[t, value], ...], linear between).
/// </summary>
public sealed record ControlSpec
{
    public required string Motor { get; init; }

    public required ControlProfileKind Profile { get; init; }

    public double? Value { get; init; }

    public double? Offset { get; init; }

    public double? Amplitude { get; init; }

    [Doc("Hz.")]
    public double? Frequency { get; init; }

    [Doc("Degrees of the sine's phase.")]
    public double? Phase { get; init; }

    public double? Low { get; init; }

    public double? High { get; init; }

    [Doc("Seconds.")]
    public double? Period { get; init; }

    [Doc("Fraction of the period spent at 'high' (0..1, default 0.5).")]
    public double? Duty { get; init; }

    public double? From { get; init; }

    public double? To { get; init; }

    [Doc("Seconds before the ramp starts.")]
    public double? Start { get; init; }

    [Doc("Seconds the ramp takes.")]
    public double? Duration { get; init; }

    [Doc("[[time_s, value], ...] with increasing times.")]
    public IReadOnlyList<IReadOnlyList<double>>? Points { get; init; }
}
