using System.Text.Json.Serialization;

namespace Leviathan.Evaluation.Results;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never, WriteIndented = false)]
[JsonSerializable(typeof(AttemptResult))]
[JsonSerializable(typeof(EvaluationManifest))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
