using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Serialization;

/// <summary>One line of a recorded trajectory file: the time and the tracked bodies' positions.</summary>
internal sealed record TrajectoryLine(
    [property: JsonPropertyName("t")] double Time,
    [property: JsonPropertyName("bodies")] IReadOnlyDictionary<string, Vec3> Bodies);
