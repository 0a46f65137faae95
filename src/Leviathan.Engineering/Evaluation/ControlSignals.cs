using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation.Running;

namespace Leviathan.Engineering.Evaluation;

/// <summary>Turns a solution's control profile into a simulator signal (hinge targets in radians).</summary>
internal static class ControlSignals
{
    public static ControlSignal From(ControlSpec control, MotorKind motor, double seconds)
    {
        var scale = motor == MotorKind.Hinge ? Math.PI / 180 : 1.0;
        switch (control.Profile)
        {
            case ControlProfileKind.Constant:
                return ControlSignal.Constant(control.Value!.Value * scale);
            case ControlProfileKind.Sine:
                return ControlSignal.Sine(control.Amplitude!.Value * scale, control.Frequency!.Value, control.Phase.GetValueOrDefault() * Math.PI / 180, control.Offset.GetValueOrDefault() * scale);
            case ControlProfileKind.Square:
                var period = control.Period!.Value;
                var high = control.Duty.GetValueOrDefault(0.5) * period;
                var frames = new List<ControlKeyframe>();
                for (var t = 0.0; t <= seconds + period; t += period)
                {
                    frames.Add(new ControlKeyframe(t, control.High!.Value * scale));
                    frames.Add(new ControlKeyframe(t + high, control.Low!.Value * scale));
                }

                return ControlSignal.Keyframes(frames, interpolate: false);
            case ControlProfileKind.Ramp:
                var start = control.Start.GetValueOrDefault();
                return ControlSignal.Keyframes(
                    [new ControlKeyframe(start, control.From!.Value * scale), new ControlKeyframe(start + control.Duration!.Value, control.To!.Value * scale)]);
            default:
                return ControlSignal.Keyframes(control.Points!.Select(p => new ControlKeyframe(p[0], p[1] * scale)));
        }
    }
}
