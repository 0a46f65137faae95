using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Running;

/// <summary>Which <see cref="SimulationStopRules"/> rule ended a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SimulationStopReason>))]
public enum SimulationStopReason
{
    /// <summary>The watched body left the world box.</summary>
    LeftWorld,

    /// <summary>The scene came to rest with every control settled.</summary>
    AtRest,

    /// <summary>The watched body can no longer stay in the hold box for the hold time before the end.</summary>
    HoldOutOfReach,
}
