using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>A powered joint: hinge (rotation about the axis) or slider (translation along it).</summary>
[JsonConverter(typeof(StrictEnumConverter<MotorKind>))]
public enum MotorKind
{
    Hinge,
    Slider,
}
