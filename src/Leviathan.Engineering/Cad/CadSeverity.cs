using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Cad;

[JsonConverter(typeof(StrictEnumConverter<CadSeverity>))]
public enum CadSeverity
{
    Error,
    Warning,
}
