using System.Text.Json.Serialization;
using Leviathan.Simulation.Rendering;
using Leviathan.Simulation.Running;
using Leviathan.Simulation.Validation;

namespace Leviathan.Simulation.Serialization;

/// <summary>Source-generated JSON for the public results (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(ValidationReport))]
[JsonSerializable(typeof(SimulationResult))]
[JsonSerializable(typeof(TrajectoryLine))]
[JsonSerializable(typeof(RenderResult))]
internal sealed partial class SimulationJsonContext : JsonSerializerContext;
