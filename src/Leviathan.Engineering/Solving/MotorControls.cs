using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Solutions;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The controls the baseline solver gives a motor. The <em>stroke</em> is always the move of a <c>ramp</c>: from rest
/// (0) to a target in the motor's range, started and timed by <see cref="MotorTiming"/>. With waypoint controls
/// (the solver's second phase, see <see cref="BaselineSolver"/>) each motor also has a control slot of genes:
/// gene 0 picks the pattern (under 0.2 <see cref="ControlPattern.Ramp"/>, under 0.6
/// <see cref="ControlPattern.StrokeAndReturn"/>, else <see cref="ControlPattern.RetreatThenStroke"/>), gene 3 the
/// value of the extra move over the motor's range, and genes 1 and 2 its timing:
/// <list type="bullet">
/// <item><b>stroke and return</b>: the stroke, a hold of 0–40% of the time limit (gene 1), then a move back to the
/// value (by default rest, "out of the way") taking 3–20% of it (gene 2);</item>
/// <item><b>retreat then stroke</b>: a move to the value starting within the first 20% of the time limit (gene 1) and
/// taking 3–20% of it (gene 2), a hold, then the stroke, started no earlier than 1% of the time limit after the
/// retreat ends — for a part that must first clear another motion's way (a pusher parked over a payload that is
/// lifted before it is pushed).</item>
/// </list>
/// Both are written as a <c>waypoints</c> control: times in seconds (1 ms steps, increasing), linear in between.
/// </summary>
internal static class MotorControls
{
    public static ControlPattern Pattern(double gene) => gene < 0.2 ? ControlPattern.Ramp : gene < 0.6 ? ControlPattern.StrokeAndReturn : ControlPattern.RetreatThenStroke;

    /// <summary>The gene of a control slot that picks <paramref name="pattern"/> (the middle of its interval).</summary>
    public static double Gene(ControlPattern pattern) => pattern switch
    {
        ControlPattern.Ramp => 0.1,
        ControlPattern.StrokeAndReturn => 0.4,
        _ => 0.8,
    };

    /// <summary>A control from the stroke (start, duration, target) and, unless the pattern is a ramp, the control slot's genes.</summary>
    public static ControlSpec Build(MotorSpec motor, double timeLimit, double start, double duration, double target, ControlPattern pattern, IReadOnlyList<double> slot)
    {
        if (pattern == ControlPattern.Ramp)
        {
            return new ControlSpec { Motor = motor.Name, Profile = ControlProfileKind.Ramp, From = 0, To = target, Start = start, Duration = duration };
        }

        var t = timeLimit;
        var value = Math.Round(Lerp(motor.Range[0], motor.Range[1], slot[3]), 4);
        var points = new List<(double Time, double Value)> { (0, 0) };
        if (pattern == ControlPattern.StrokeAndReturn)
        {
            var held = start + duration + Lerp(0, 0.4 * t, slot[1]);
            Add(points, start, 0);
            Add(points, start + duration, target);
            Add(points, held, target);
            Add(points, held + Lerp(0.03 * t, 0.2 * t, slot[2]), value);
        }
        else
        {
            var retreat = Lerp(0, 0.2 * t, slot[1]);
            var retreated = retreat + Lerp(0.03 * t, 0.2 * t, slot[2]);
            var stroke = Math.Max(start, retreated + (0.01 * t));
            Add(points, retreat, 0);
            Add(points, retreated, value);
            Add(points, stroke, value);
            Add(points, stroke + duration, target);
        }

        return new ControlSpec
        {
            Motor = motor.Name,
            Profile = ControlProfileKind.Waypoints,
            Points = points.Select(p => (IReadOnlyList<double>)[p.Time, p.Value]).ToList(),
        };
    }

    /// <summary>
    /// The control in words, as <c>bench solve</c> prints it: <c>ramp 0 → 0.12</c>, or a waypoints control named by its
    /// shape (<c>stroke and return</c>, <c>retreat then stroke</c>) with its points.
    /// </summary>
    public static string Describe(ControlSpec control)
    {
        var c = CultureInfo.InvariantCulture;
        return control.Profile switch
        {
            ControlProfileKind.Ramp => string.Create(c, $"ramp {control.From:0.####} → {control.To:0.####} from {control.Start:0.###} s over {control.Duration:0.###} s"),
            ControlProfileKind.Waypoints => $"waypoints ({Shape(control.Points!)}): " + string.Join(", ", control.Points!.Select(p => string.Create(c, $"{p[1]:0.####} at {p[0]:0.###} s"))),
            _ => control.Profile.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>
    /// The shape of a waypoint list: one move; a stroke and return (the first move goes farthest from rest and a later
    /// one comes back); a retreat then stroke (the last move goes farthest, the other way from the first); or n moves.
    /// </summary>
    private static string Shape(IReadOnlyList<IReadOnlyList<double>> points)
    {
        var moves = points.Zip(points.Skip(1), (a, b) => (To: b[1], By: b[1] - a[1])).Where(m => Math.Abs(m.By) > 1e-9).ToList();
        if (moves.Count < 2)
        {
            return "one move";
        }

        var farthest = moves.Max(m => Math.Abs(m.To));
        return Math.Abs(moves[0].To) >= farthest ? "stroke and return"
            : Math.Abs(moves[^1].To) >= farthest && Math.Sign(moves[0].By) != Math.Sign(moves[^1].By) ? "retreat then stroke"
            : $"{moves.Count} moves";
    }

    /// <summary>Appends a point at the time rounded to 1 ms, skipping one that would not come after the last.</summary>
    private static void Add(List<(double Time, double Value)> points, double time, double value)
    {
        var at = Math.Round(time, 3);
        if (at > points[^1].Time)
        {
            points.Add((at, value));
        }
        else if (value != points[^1].Value && points.Count > 1)
        {
            points[^1] = (points[^1].Time, value);
        }
    }
}
