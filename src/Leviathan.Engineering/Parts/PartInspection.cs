using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Parts;

/// <summary>What <c>leviathan cad inspect</c> reports about a part (lengths in mm, volume in cm³, mass in kg, inertia in kg·m² about the centre of mass).</summary>
public sealed record PartInspection
{
    public required string Part { get; init; }

    public required bool Rendered { get; init; }

    public IReadOnlyList<CadDiagnostic> Diagnostics { get; init; } = [];

    public double? VolumeCm3 { get; init; }

    public double? SurfaceAreaCm2 { get; init; }

    public IReadOnlyList<double>? BoundsMinMm { get; init; }

    public IReadOnlyList<double>? BoundsMaxMm { get; init; }

    public IReadOnlyList<double>? SizeMm { get; init; }

    public IReadOnlyList<double>? CentreOfMassMm { get; init; }

    public int? Triangles { get; init; }

    public bool? Watertight { get; init; }

    public bool? SingleSolid { get; init; }

    public int? Solids { get; init; }

    /// <summary>Sealed cavities inside the part (a hollow part: each inner wall is a closed shell counted in <see cref="Solids"/>).</summary>
    public int? Cavities { get; init; }

    /// <summary>The solids in words, with advice for a hollow part; not written to JSON.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? SolidsText { get; init; }

    public int? OpenEdges { get; init; }

    public int? NonManifoldEdges { get; init; }

    public int? MisorientedEdges { get; init; }

    public string? Material { get; init; }

    public double? MassKg { get; init; }

    /// <summary>Ixx Iyy Izz Ixy Ixz Iyz about the centre of mass, part axes.</summary>
    public IReadOnlyList<double>? InertiaKgM2 { get; init; }

    public static PartInspection From(PartAnalysis analysis, Material? material)
    {
        if (analysis.Part is not { } part)
        {
            return new PartInspection { Part = analysis.Render.Source, Rendered = false, Diagnostics = analysis.Render.Diagnostics };
        }

        var p = part.Properties;
        var t = part.Topology;
        return new PartInspection
        {
            Part = analysis.Render.Source,
            Rendered = true,
            Diagnostics = analysis.Render.Diagnostics,
            VolumeCm3 = Round(part.VolumeCm3),
            SurfaceAreaCm2 = Round(p.SurfaceArea / 100),
            BoundsMinMm = p.Bounds.Min.ToArray().Select(Round).ToArray(),
            BoundsMaxMm = p.Bounds.Max.ToArray().Select(Round).ToArray(),
            SizeMm = p.Bounds.Size.ToArray().Select(Round).ToArray(),
            CentreOfMassMm = p.Centroid.ToArray().Select(Round).ToArray(),
            Triangles = t.Triangles,
            Watertight = t.IsWatertight,
            SingleSolid = t.IsSingleSolid,
            Solids = t.Components,
            Cavities = t.Cavities,
            SolidsText = t.DescribeSolids(),
            OpenEdges = t.BoundaryEdges,
            NonManifoldEdges = t.NonManifoldEdges,
            MisorientedEdges = t.MisorientedEdges,
            Material = material?.Id,
            MassKg = material is null ? null : Math.Round(part.Mass(material.Density), 9),
            // mm⁵ × kg/m³ → kg·m²: 1 mm⁵ = 1e-15 m⁵.
            InertiaKgM2 = material is null ? null : p.InertiaPerDensity.Scale(material.Density * 1e-15).ToArray().Select(v => Math.Round(v, 12)).ToArray(),
        };
    }

    private static double Round(double value) => Math.Round(value, 6);
}
