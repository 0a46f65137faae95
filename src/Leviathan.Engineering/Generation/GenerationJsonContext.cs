using System.Text.Json.Serialization;

namespace Leviathan.Engineering.Generation;

/// <summary>JSON for the generator's index (snake_case, indented).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(GenerationIndex))]
public sealed partial class GenerationJsonContext : JsonSerializerContext;
