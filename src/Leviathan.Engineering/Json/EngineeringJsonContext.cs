using System.Text.Json.Serialization;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Json;

/// <summary>
/// Strict JSON for specs and reports: snake_case names (as every file and --json output of Leviathan), unknown properties rejected, required properties and
/// non-nullable values enforced, enums only as their snake_case names.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(BenchmarkSpec))]
[JsonSerializable(typeof(SolutionSpec))]
[JsonSerializable(typeof(Parts.PartInspection))]
[JsonSerializable(typeof(Evaluation.EvaluationReport))]
public sealed partial class EngineeringJsonContext : JsonSerializerContext;
