using System.Globalization;
using System.Text.Json.Serialization;
using Leviathan.Simulation.Serialization;

namespace Leviathan.Simulation;

/// <summary>A point or direction in MuJoCo's world frame (metres). JSON: <c>[x, y, z]</c>.</summary>
[JsonConverter(typeof(Vec3JsonConverter))]
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static Vec3 Zero => default;

    public double Length => Math.Sqrt((X * X) + (Y * Y) + (Z * Z));

    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{X:0.######} {Y:0.######} {Z:0.######}");
}
