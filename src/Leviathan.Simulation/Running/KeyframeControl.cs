namespace Leviathan.Simulation.Running;

/// <summary>
/// Keyframes sorted by time. Before the first keyframe the first value holds, after the last the last value;
/// in between the value is interpolated linearly, or held until the next keyframe.
/// </summary>
public sealed record KeyframeControl(IReadOnlyList<ControlKeyframe> Frames, bool Interpolate = true) : ControlSignal
{
    public override double ValueAt(double time)
    {
        if (Frames.Count == 0)
        {
            return 0;
        }

        if (time <= Frames[0].Time)
        {
            return Frames[0].Value;
        }

        for (var i = 1; i < Frames.Count; i++)
        {
            var next = Frames[i];
            if (time < next.Time)
            {
                var previous = Frames[i - 1];
                if (!Interpolate || next.Time <= previous.Time)
                {
                    return previous.Value;
                }

                var fraction = (time - previous.Time) / (next.Time - previous.Time);
                return previous.Value + (fraction * (next.Value - previous.Value));
            }
        }

        return Frames[^1].Value;
    }

    internal override bool SettledFrom(double time) => Frames.Count == 0 || time >= Frames[^1].Time;
}
