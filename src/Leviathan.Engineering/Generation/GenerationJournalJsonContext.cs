using System.Text.Json.Serialization;

namespace Leviathan.Engineering.Generation;

/// <summary>JSON for the lines of <see cref="GenerationJournal"/>: one compact object a line, snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GenerationJournalHeader))]
[JsonSerializable(typeof(CandidateRecord))]
internal sealed partial class GenerationJournalJsonContext : JsonSerializerContext;
