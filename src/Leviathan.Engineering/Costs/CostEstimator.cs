using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Costs;

/// <summary>The per-process cost formulas of docs/engineering.md.</summary>
public sealed class CostEstimator(CostRates rates)
{
    public CostRates Rates => rates;

    /// <summary>Costs every group of identical parts for a run of <paramref name="quantity"/> solution units.</summary>
    public CostBreakdown Estimate(IEnumerable<PartCostInput> groups, int quantity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        return new CostBreakdown(quantity, groups.Select(g => Estimate(g, quantity)).ToList());
    }

    public PartCost Estimate(PartCostInput part, int quantity)
    {
        var massKg = part.VolumeCm3 * 1e-6 * part.Material.Density;
        var pieces = part.CopiesPerUnit * quantity;
        double oneOff, material, hours, rate;
        switch (part.Process)
        {
            case ManufacturingProcess.Print3d:
                // Every distinct part is sliced and set up once per run.
                oneOff = rates.PrintSetupPerJob;
                material = massKg * part.Material.PricePerKg * (1 + rates.PrintMaterialWaste);
                hours = rates.PrintOverheadHoursPerPiece + (part.VolumeCm3 / rates.PrintDepositionCm3PerHour);
                rate = rates.PrintHourlyRate;
                break;

            case ManufacturingProcess.CncMilling:
                // Bought as a block: the bounding box plus a margin on every side; machined down to the part.
                oneOff = rates.CncSetup;
                var margin = 2 * rates.CncStockMarginMm;
                var size = part.Bounds.Size;
                var stockCm3 = (size.X + margin) * (size.Y + margin) * (size.Z + margin) / 1000;
                material = stockCm3 * 1e-6 * part.Material.Density * part.Material.PricePerKg;
                var removedCm3 = Math.Max(0, stockCm3 - part.VolumeCm3);
                hours = rates.CncLoadHoursPerPiece
                    + (removedCm3 / part.Material.CncRemovalRateCm3PerMinute / 60)
                    + (part.SurfaceCm2 / rates.CncFinishingCm2PerMinute / 60);
                rate = rates.CncHourlyRate;
                break;

            case ManufacturingProcess.InjectionMoulding:
                // One steel mould per distinct part, priced by the projected area along the opening direction.
                var projectedCm2 = part.Bounds.Size.X * part.Bounds.Size.Y / 100;
                oneOff = rates.MouldBase + (rates.MouldPerProjectedCm2 * projectedCm2);
                material = massKg * part.Material.PricePerKg * (1 + rates.MouldingMaterialWaste);
                var wall = part.MaxWallThicknessMm ?? (Math.Min(part.Bounds.Size.X, Math.Min(part.Bounds.Size.Y, part.Bounds.Size.Z)) / 2);
                var cycleSeconds = rates.MouldingBaseCycleSeconds + (rates.MouldingCoolingSecondsPerMm2 * wall * wall);
                hours = cycleSeconds / 3600;
                rate = rates.MouldingHourlyRate;
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(part), part.Process, "unknown process");
        }

        var machine = hours * rate;
        var perUnit = (oneOff / quantity) + (part.CopiesPerUnit * (material + machine));
        return new PartCost(part.Parts, part.Material.Id, part.Process, part.CopiesPerUnit, pieces, Round(oneOff), Round(material), Math.Round(hours, 4), Round(machine), Round(perUnit));
    }

    private static double Round(double value) => Math.Round(value, 4);
}
