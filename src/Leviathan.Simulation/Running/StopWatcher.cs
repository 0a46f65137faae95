namespace Leviathan.Simulation.Running;

/// <summary>
/// Follows one body's samples and decides when <see cref="SimulationStopRules"/> end a run. The hold rule mirrors how
/// a sampled path is judged (in the box at consecutive samples, boundary included, moving at most the hold speed
/// between them), so that it ends a run only when no continuation could complete the hold before
/// <c>end</c>, the time of the run's last sample.
/// </summary>
internal sealed class StopWatcher(SimulationStopRules rules, int bodyIndex, double end)
{
    private double? _restSince;
    private Vec3 _restFrom;
    private double? _runStart;
    private bool _held;
    private Vec3 _previous;
    private double? _previousTime;

    public int BodyIndex => bodyIndex;

    /// <summary>The stop after this sample, or null to go on.</summary>
    /// <param name="time">The sample's time.</param>
    /// <param name="position">The body's position at the sample.</param>
    /// <param name="fastest">The largest joint speed in the scene.</param>
    /// <param name="settled">Every control keeps its value from now on and no actuator sits at its force limit.</param>
    public SimulationStop? Next(double time, Vec3 position, double fastest, bool settled)
    {
        var previous = _previousTime;
        var moved = previous is null ? 0 : (position - _previous).Length;
        var elapsed = previous is null ? 0 : time - previous.Value;
        (_previous, _previousTime) = (position, time);

        if (rules.WorldMin is { } low && rules.WorldMax is { } high && !Inside(position, low, high))
        {
            return new SimulationStop(SimulationStopReason.LeftWorld, time);
        }

        if (rules.HoldMin is { } holdLow && rules.HoldMax is { } holdHigh && rules.HoldSeconds is { } hold && !_held)
        {
            var slow = previous is null || moved <= rules.HoldSpeed * Math.Max(1e-9, elapsed);
            if (Inside(position, holdLow, holdHigh) && slow)
            {
                _runStart ??= time;
                _held = time - _runStart.Value >= hold - 1e-9;
            }
            else
            {
                _runStart = null;
            }

            // The earliest a hold can begin: the running stretch's start, else a later sample (after this one).
            var earliest = _runStart ?? time;
            if (!_held && end - earliest < hold - 1e-6)
            {
                return new SimulationStop(SimulationStopReason.HoldOutOfReach, time);
            }
        }

        if (rules.RestSpeed is { } rest)
        {
            if (settled && fastest <= rest)
            {
                if (_restSince is null)
                {
                    (_restSince, _restFrom) = (time, position);
                }
                else if (time - _restSince.Value >= rules.RestSeconds - 1e-9 && (position - _restFrom).Length <= rest * rules.RestSeconds)
                {
                    return new SimulationStop(SimulationStopReason.AtRest, time);
                }
            }
            else
            {
                _restSince = null;
            }
        }

        return null;
    }

    private static bool Inside(Vec3 p, Vec3 low, Vec3 high) =>
        p.X >= low.X && p.X <= high.X && p.Y >= low.Y && p.Y <= high.Y && p.Z >= low.Z && p.Z <= high.Z;
}
