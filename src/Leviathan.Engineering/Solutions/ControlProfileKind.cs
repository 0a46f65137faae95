using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Solutions;

/// <summary>The shapes a motor's target can follow over time.</summary>
[JsonConverter(typeof(StrictEnumConverter<ControlProfileKind>))]
public enum ControlProfileKind
{
    Constant,
    Sine,
    Square,
    Ramp,
    Waypoints,
}
