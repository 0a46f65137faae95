using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Running;

/// <summary>
/// The outcome of a <see cref="SimulationRequest"/>. <see cref="Error"/> is set when the run could not happen
/// (the model does not load, a name is unknown, MuJoCo failed fatally); <see cref="Instability"/> when it
/// diverged part-way (the data up to that point is kept).
/// </summary>
public sealed record SimulationResult
{
    public ModelFinding? Error { get; init; }

    [JsonIgnore]
    public bool Succeeded => Error is null && Instability is null;

    public int Steps { get; init; }

    public double Timestep { get; init; }

    /// <summary>Simulated seconds actually run.</summary>
    public double SimulatedSeconds { get; init; }

    /// <summary>Times of the trajectory samples (seconds), shared by all tracked bodies.</summary>
    public IReadOnlyList<double> SampleTimes { get; init; } = [];

    /// <summary>Positions of each tracked body at <see cref="SampleTimes"/>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Vec3>> Trajectories { get; init; } = new Dictionary<string, IReadOnlyList<Vec3>>();

    /// <summary>Pose of each tracked body at the end of the run.</summary>
    public IReadOnlyDictionary<string, BodyPose> FinalPoses { get; init; } = new Dictionary<string, BodyPose>();

    /// <summary>Force each actuator applied over the run, by actuator name (an unnamed one as <c>#index</c>).</summary>
    public IReadOnlyDictionary<string, ActuatorForces> Actuators { get; init; } = new Dictionary<string, ActuatorForces>();

    /// <summary>Contacts of the bodies in <see cref="SimulationRequest.ContactBodies"/>, in the order they began.</summary>
    public IReadOnlyList<ContactSpan> Contacts { get; init; } = [];

    public SimulationInstability? Instability { get; init; }

    /// <summary>
    /// Set when the run ended before its time under <see cref="SimulationRequest.StopWhen"/>: the trajectories end at
    /// <see cref="SimulationStop.Time"/> (for <see cref="SimulationStopReason.AtRest"/>, the state from then on is the last one).
    /// </summary>
    public SimulationStop? Stopped { get; init; }

    public IReadOnlyList<ModelFinding> Warnings { get; init; } = [];

    /// <summary>
    /// Whether MuJoCo ran out of room for contacts or constraint rows during the run (its <c>mjWARN_CONTACTFULL</c> and
    /// <c>mjWARN_CNSTRFULL</c> counters): it then dropped contacts, so the run differs from one of the same model with
    /// larger buffers. Read from the counters, not from the warnings' texts, of which only the first few are kept.
    /// </summary>
    public bool BuffersFilled { get; init; }

    /// <summary>Wall-clock seconds the worker spent stepping (excludes loading and transport).</summary>
    public double StepWallSeconds { get; init; }

    /// <summary>CPU seconds the worker's thread spent stepping (unaffected by other processes competing for the CPU).</summary>
    public double StepCpuSeconds { get; init; }
}
