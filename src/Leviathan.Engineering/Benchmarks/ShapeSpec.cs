using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>
/// A shape centred on its pose: box (full <see cref="Size"/>), sphere (<see cref="Radius"/>),
/// cylinder along local Z (<see cref="Radius"/>, full <see cref="Height"/>) or an STL mesh in metres.
/// </summary>
public sealed record ShapeSpec
{
    public required ShapeKind Type { get; init; }

    [Doc("Box: full edge lengths in metres.")]
    [FixedLength(3)]
    public IReadOnlyList<double>? Size { get; init; }

    [Doc("Sphere and cylinder: radius in metres.")]
    public double? Radius { get; init; }

    [Doc("Cylinder: full length along local Z in metres.")]
    public double? Height { get; init; }

    [Doc("Mesh: STL file path relative to the benchmark file, in metres.")]
    public string? Mesh { get; init; }
}
