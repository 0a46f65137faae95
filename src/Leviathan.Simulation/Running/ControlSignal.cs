using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Running;

/// <summary>
/// A control value as a function of simulated time, evaluated inside the worker at every step, so scripted
/// controls cost no round trips. For controls that depend on the state, use <see cref="SimulationRequest.Controller"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ConstantControl), "constant")]
[JsonDerivedType(typeof(KeyframeControl), "keyframes")]
[JsonDerivedType(typeof(SineControl), "sine")]
public abstract record ControlSignal
{
    /// <summary>The control value at simulated time <paramref name="time"/> (seconds).</summary>
    public abstract double ValueAt(double time);

    /// <summary>The same value for the whole run.</summary>
    public static ControlSignal Constant(double value) => new ConstantControl(value);

    /// <summary>Values at given times, linearly interpolated (or held until the next keyframe).</summary>
    public static ControlSignal Keyframes(IEnumerable<ControlKeyframe> keyframes, bool interpolate = true) =>
        new KeyframeControl([.. keyframes.OrderBy(k => k.Time)], interpolate);

    /// <summary><c>offset + amplitude * sin(2π f t + phase)</c>.</summary>
    public static ControlSignal Sine(double amplitude, double frequencyHz, double phase = 0, double offset = 0) =>
        new SineControl(amplitude, frequencyHz, phase, offset);

    /// <summary>True when the value never changes, so it is set once.</summary>
    [JsonIgnore]
    internal virtual bool IsConstant => false;

    /// <summary>True when the value no longer changes from <paramref name="time"/> on.</summary>
    internal virtual bool SettledFrom(double time) => IsConstant;
}
