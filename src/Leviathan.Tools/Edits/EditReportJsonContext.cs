using System.Text.Json.Serialization;

namespace Leviathan.Tools.Edits;

/// <summary>The JSON form of an <see cref="EditReport"/> (snake_case, strategies as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(EditReport))]
internal sealed partial class EditReportJsonContext : JsonSerializerContext;
