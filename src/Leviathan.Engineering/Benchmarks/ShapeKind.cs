using System.Text.Json.Serialization;
using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Primitive or mesh.</summary>
[JsonConverter(typeof(StrictEnumConverter<ShapeKind>))]
public enum ShapeKind
{
    Box,
    Sphere,
    Cylinder,
    Mesh,
}
