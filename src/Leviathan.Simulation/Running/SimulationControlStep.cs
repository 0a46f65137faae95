namespace Leviathan.Simulation.Running;

/// <summary>What a <see cref="SimulationRequest.Controller"/> sees at one control step, and where it sets controls.</summary>
public sealed class SimulationControlStep
{
    private readonly Dictionary<string, double> _controls = new(StringComparer.Ordinal);

    internal SimulationControlStep(double time, int step, IReadOnlyDictionary<string, Vec3> positions)
    {
        Time = time;
        Step = step;
        Positions = positions;
    }

    /// <summary>Simulated time in seconds.</summary>
    public double Time { get; }

    /// <summary>Physics steps taken so far.</summary>
    public int Step { get; }

    /// <summary>Current positions of the tracked bodies.</summary>
    public IReadOnlyDictionary<string, Vec3> Positions { get; }

    /// <summary>Sets an actuator's control from now on (it overrides the request's signal for that actuator).</summary>
    public void Set(string actuator, double value) => _controls[actuator] = value;

    internal IReadOnlyDictionary<string, double> Controls => _controls;
}
