using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Evaluation;

/// <summary>What was measured on one part.</summary>
public sealed record PartFigures
{
    public required string Name { get; init; }

    public required string Material { get; init; }

    public required ManufacturingProcess Process { get; init; }

    public required string Mount { get; init; }

    public double VolumeCm3 { get; init; }

    public double MassKg { get; init; }

    /// <summary>World bounding box at rest (metres): min then max.</summary>
    public IReadOnlyList<double> WorldBounds { get; init; } = [];

    public bool Watertight { get; init; }

    public bool SingleSolid { get; init; }

    public IReadOnlyList<string> Notes { get; init; } = [];
}
