using System.Text.Json.Serialization;
using Leviathan.Simulation.Serialization;

namespace Leviathan.Simulation;

/// <summary>A unit quaternion in MuJoCo's order (w, x, y, z). JSON: <c>[w, x, y, z]</c>.</summary>
[JsonConverter(typeof(QuatJsonConverter))]
public readonly record struct Quat(double W, double X, double Y, double Z)
{
    public static Quat Identity => new(1, 0, 0, 0);
}
