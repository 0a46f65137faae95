namespace Leviathan.Simulation.Running;

/// <summary>
/// When a run may end before its <see cref="SimulationRequest.Seconds"/> because what follows can no longer change
/// how <see cref="Body"/>'s sampled path is judged. Checked at every trajectory sample (so
/// <see cref="SimulationRequest.SampleRateHz"/> must be positive); each rule is off while its fields are null.
/// </summary>
public sealed record SimulationStopRules
{
    /// <summary>The tracked body the rules watch (it must also be in <see cref="SimulationRequest.Bodies"/>).</summary>
    public required string Body { get; init; }

    /// <summary>Lower corner of the world box: the run ends at the first sample with the body outside the box.</summary>
    public Vec3? WorldMin { get; init; }

    /// <summary>Upper corner of the world box (see <see cref="WorldMin"/>).</summary>
    public Vec3? WorldMax { get; init; }

    /// <summary>
    /// The run ends when the whole scene is at rest: every joint speed (m/s or rad/s) at or below this at every sample
    /// for <see cref="RestSeconds"/>, the body moved less than <see cref="RestSpeed"/> × <see cref="RestSeconds"/>
    /// over that stretch, no force-limited actuator is at its limit and every control keeps its value from then on
    /// (no <see cref="SimulationRequest.Controller"/>). The rest of the run would repeat the last state.
    /// </summary>
    public double? RestSpeed { get; init; }

    /// <summary>How long the scene must have been at rest (seconds) before the run ends (see <see cref="RestSpeed"/>).</summary>
    public double RestSeconds { get; init; } = 0.1;

    /// <summary>
    /// Lower corner of the hold box: with <see cref="HoldSeconds"/>, the run ends once the body can no longer stay in
    /// the box for that long before the end (never after it has done so). Judged as a sampled path is judged: in the
    /// box (boundary included) at consecutive samples, moving at most <see cref="HoldSpeed"/> between them.
    /// </summary>
    public Vec3? HoldMin { get; init; }

    /// <summary>Upper corner of the hold box (see <see cref="HoldMin"/>).</summary>
    public Vec3? HoldMax { get; init; }

    /// <summary>Seconds the body must stay in the hold box (see <see cref="HoldMin"/>).</summary>
    public double? HoldSeconds { get; init; }

    /// <summary>Most speed (m/s, from one sample to the next) that still counts as held.</summary>
    public double HoldSpeed { get; init; } = double.PositiveInfinity;

    internal void Check(SimulationRequest request)
    {
        if (!request.Bodies.Contains(Body, StringComparer.Ordinal))
        {
            throw new ArgumentException($"the stop rules watch body '{Body}', which is not among the tracked bodies ({string.Join(", ", request.Bodies)}); add it to Bodies", nameof(request));
        }

        if (request.SampleRateHz <= 0)
        {
            throw new ArgumentException("stop rules are checked at trajectory samples: set a positive SampleRateHz", nameof(request));
        }

        if ((WorldMin is null) != (WorldMax is null) || (HoldMin is null) != (HoldMax is null) || (HoldMin is null) != (HoldSeconds is null))
        {
            throw new ArgumentException("a stop box needs both corners (WorldMin and WorldMax; HoldMin, HoldMax and HoldSeconds)", nameof(request));
        }

        if (RestSpeed is not null && request.Controller is not null)
        {
            throw new ArgumentException("the rest rule cannot know what a controller will set next: leave RestSpeed null with a Controller", nameof(request));
        }

        if (RestSpeed is { } speed && (!double.IsFinite(speed) || speed <= 0 || !double.IsFinite(RestSeconds) || RestSeconds <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(request), "RestSpeed and RestSeconds must be positive finite numbers");
        }
    }
}
