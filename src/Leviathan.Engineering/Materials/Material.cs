using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Materials;

/// <summary>A material of the table: density in kg/m³, price in USD per kg, and the processes that can shape it.</summary>
public sealed record Material(
    string Id,
    string Name,
    double Density,
    double PricePerKg,
    IReadOnlyList<ManufacturingProcess> Processes,
    double CncRemovalRateCm3PerMinute);
