using Leviathan.Engineering.Json;
using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Economic and manufacturing limits of a solution.</summary>
public sealed record LimitsSpec
{
    [Doc("Largest cost of one solution unit (all its parts) when 'quantity' units are made, in USD.")]
    public required double MaxUnitCost { get; init; }

    [Doc("Largest total mass of the solution's parts in kg.")]
    public required double MaxWeight { get; init; }

    [Doc("Production run: how many units of the solution are made (spreads setup and tooling).")]
    public int Quantity { get; set; } = 1;

    [Doc("Processes a part may use.")]
    public required IReadOnlyList<ManufacturingProcess> Processes { get; init; }

    [Doc("Material ids a part may use.")]
    public required IReadOnlyList<string> Materials { get; init; }
}
