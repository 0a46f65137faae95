using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Whether the environment fixes the motor's anchor or the solution chooses it inside the build zone.</summary>
[JsonConverter(typeof(StrictEnumConverter<MotorPlacement>))]
public enum MotorPlacement
{
    Fixed,
    Solution,
}
