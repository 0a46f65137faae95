using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Materials;

/// <summary>
/// The materials parts may be made of. Densities are typical handbook values; prices are typical
/// small-quantity stock prices (filament, granulate, bar stock, lumber) in USD per kg.
/// </summary>
public static class MaterialTable
{
    private static readonly ManufacturingProcess[] Plastics = [ManufacturingProcess.Print3d, ManufacturingProcess.InjectionMoulding, ManufacturingProcess.CncMilling];

    public static IReadOnlyList<Material> All { get; } =
    [
        new("pla", "PLA", 1240, 25.0, Plastics, 40),
        new("abs", "ABS", 1040, 22.0, Plastics, 40),
        new("aluminium_6061", "Aluminium 6061-T6", 2700, 9.0, [ManufacturingProcess.CncMilling], 15),
        new("steel", "Steel (mild, 1018)", 7850, 2.5, [ManufacturingProcess.CncMilling], 5),
        new("hardwood", "Hardwood (maple)", 705, 6.0, [ManufacturingProcess.CncMilling], 60),
    ];

    public static bool TryGet(string id, out Material material)
    {
        material = All.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.Ordinal))!;
        return material is not null;
    }

    /// <summary>The material with this id, or an error that lists the known ids.</summary>
    public static Material Get(string id) =>
        TryGet(id, out var material)
            ? material
            : throw new ArgumentException($"unknown material '{id}'; known materials: {KnownIds}", nameof(id));

    public static string KnownIds => string.Join(", ", All.Select(m => m.Id));
}
