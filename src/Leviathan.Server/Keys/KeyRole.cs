using System.Text.Json.Serialization;

namespace Leviathan.Server.Keys;

/// <summary>The role of an API key on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<KeyRole>))]
internal enum KeyRole
{
    [JsonStringEnumMemberName("viewer")]
    Viewer,

    [JsonStringEnumMemberName("operator")]
    Operator,

    [JsonStringEnumMemberName("admin")]
    Admin,
}
