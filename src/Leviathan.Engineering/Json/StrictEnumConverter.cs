using System.Text.Json;
using System.Text.Json.Serialization;

namespace Leviathan.Engineering.Json;

/// <summary>Enums as snake_case strings only; numbers are rejected so a typo cannot pass as a value.</summary>
public sealed class StrictEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
