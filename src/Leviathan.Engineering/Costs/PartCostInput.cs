using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Costs;

/// <summary>
/// What the cost of one distinct part depends on. <see cref="Bounds"/> in millimetres, volume in cm³,
/// surface in cm². <see cref="CopiesPerUnit"/> counts identical parts (same mesh, material and process) in one solution unit.
/// </summary>
public sealed record PartCostInput(
    IReadOnlyList<string> Parts,
    Material Material,
    ManufacturingProcess Process,
    double VolumeCm3,
    double SurfaceCm2,
    Aabb Bounds,
    double? MaxWallThicknessMm,
    int CopiesPerUnit);
