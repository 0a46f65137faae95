using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Running;

/// <summary>One simulation: the model, how long, the controls, and which bodies to record how often.</summary>
public sealed record SimulationRequest
{
    public required ModelSource Model { get; init; }

    /// <summary>Simulated time to run, in seconds (rounded up to whole timesteps).</summary>
    public required double Seconds { get; init; }

    /// <summary>Control signals by actuator name; actuators not named keep control 0.</summary>
    public IReadOnlyDictionary<string, ControlSignal> Controls { get; init; } = new Dictionary<string, ControlSignal>();

    /// <summary>Bodies whose positions are recorded and reported at the end.</summary>
    public IReadOnlyList<string> Bodies { get; init; } = [];

    /// <summary>
    /// Bodies whose contacts with other geoms are recorded at every trajectory sample (see
    /// <see cref="SimulationResult.Contacts"/>); empty: contacts are not recorded.
    /// </summary>
    public IReadOnlyList<string> ContactBodies { get; init; } = [];

    /// <summary>Samples per simulated second for the trajectories (0: only the start and the end).</summary>
    public double SampleRateHz { get; init; } = 50;

    /// <summary>When the run may end early (null: it always runs for <see cref="Seconds"/>); see <see cref="SimulationResult.Stopped"/>.</summary>
    public SimulationStopRules? StopWhen { get; init; }

    /// <summary>Any joint speed above this counts as instability and stops the run.</summary>
    public double MaxSpeed { get; init; } = 1000;

    /// <summary>
    /// Optional per-step callback that reads the tracked bodies and sets controls; it runs in the caller's
    /// process every <see cref="ControlPeriodSteps"/> steps (one round trip to the worker each time).
    /// </summary>
    [JsonIgnore]
    public Action<SimulationControlStep>? Controller { get; init; }

    /// <summary>Longest the run (with a controller: each round trip) may take before its worker is stopped; default: the client's RequestTimeout.</summary>
    [JsonIgnore]
    public TimeSpan? Timeout { get; init; }

    /// <summary>Physics steps between two <see cref="Controller"/> calls (default 1: every step).</summary>
    public int ControlPeriodSteps { get; init; } = 1;

    internal void Check()
    {
        if (!double.IsFinite(Seconds) || Seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Seconds), Seconds, "seconds must be a finite number >= 0");
        }

        if (!double.IsFinite(SampleRateHz) || SampleRateHz < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SampleRateHz), SampleRateHz, "the sample rate must be a finite number >= 0");
        }

        if (Timeout is { } timeout && timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Timeout), timeout, "the timeout must be positive");
        }

        StopWhen?.Check(this);

        if (ControlPeriodSteps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ControlPeriodSteps), ControlPeriodSteps, "the control period must be at least 1 step");
        }
    }
}
