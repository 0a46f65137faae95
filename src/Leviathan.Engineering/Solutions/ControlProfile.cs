namespace Leviathan.Engineering.Solutions;

/// <summary>Evaluates a validated <see cref="ControlSpec"/> at a time; also gives the extreme targets it commands.</summary>
public static class ControlProfile
{
    public static double At(ControlSpec control, double time) => control.Profile switch
    {
        ControlProfileKind.Constant => control.Value!.Value,
        ControlProfileKind.Sine => control.Offset.GetValueOrDefault() + (control.Amplitude!.Value *
            Math.Sin((2 * Math.PI * control.Frequency!.Value * time) + (control.Phase.GetValueOrDefault() * Math.PI / 180))),
        ControlProfileKind.Square => (time % control.Period!.Value) < (control.Duty.GetValueOrDefault(0.5) * control.Period.Value)
            ? control.High!.Value
            : control.Low!.Value,
        ControlProfileKind.Ramp => Ramp(control, time),
        ControlProfileKind.Waypoints => Waypoints(control.Points!, time),
        _ => throw new ArgumentOutOfRangeException(nameof(control), control.Profile, "unknown profile"),
    };

    /// <summary>The smallest and largest target the profile ever commands.</summary>
    public static (double Min, double Max) Extremes(ControlSpec control) => control.Profile switch
    {
        ControlProfileKind.Constant => (control.Value!.Value, control.Value.Value),
        ControlProfileKind.Sine => (control.Offset.GetValueOrDefault() - Math.Abs(control.Amplitude!.Value), control.Offset.GetValueOrDefault() + Math.Abs(control.Amplitude.Value)),
        ControlProfileKind.Square => (Math.Min(control.Low!.Value, control.High!.Value), Math.Max(control.Low.Value, control.High.Value)),
        ControlProfileKind.Ramp => (Math.Min(control.From!.Value, control.To!.Value), Math.Max(control.From.Value, control.To.Value)),
        ControlProfileKind.Waypoints => (control.Points!.Min(p => p[1]), control.Points!.Max(p => p[1])),
        _ => throw new ArgumentOutOfRangeException(nameof(control), control.Profile, "unknown profile"),
    };

    private static double Ramp(ControlSpec control, double time)
    {
        var start = control.Start.GetValueOrDefault();
        var duration = control.Duration!.Value;
        var fraction = duration <= 0 ? (time >= start ? 1 : 0) : Math.Clamp((time - start) / duration, 0, 1);
        return control.From!.Value + ((control.To!.Value - control.From.Value) * fraction);
    }

    private static double Waypoints(IReadOnlyList<IReadOnlyList<double>> points, double time)
    {
        if (time <= points[0][0])
        {
            return points[0][1];
        }

        for (var i = 1; i < points.Count; i++)
        {
            if (time <= points[i][0])
            {
                var (t0, v0, t1, v1) = (points[i - 1][0], points[i - 1][1], points[i][0], points[i][1]);
                return v0 + ((v1 - v0) * (time - t0) / (t1 - t0));
            }
        }

        return points[^1][1];
    }
}
