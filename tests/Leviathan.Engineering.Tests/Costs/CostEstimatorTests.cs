using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Tests.Costs;

public sealed class CostEstimatorTests
{
    private static readonly Aabb Cube10 = new(Vec3.Zero, new Vec3(10, 10, 10));
    private readonly CostEstimator _estimator = new(new CostRates());

    [Fact]
    public void Print_TenMillimetrePlaCube_CostsSetupMaterialAndPrinterTime()
    {
        var cost = _estimator.Estimate(Input(ManufacturingProcess.Print3d, "pla", copies: 1), quantity: 1);

        // 1.24 g of PLA at 25 USD/kg plus 15 % waste; 0.25 h + 1 cm³ / 12 cm³/h at 3 USD/h; 5 USD setup.
        cost.MaterialPerPiece.ShouldBe(0.00124 * 25 * 1.15, 1e-4);
        cost.MachineHoursPerPiece.ShouldBe(0.25 + (1.0 / 12), 1e-4);
        cost.MachinePerPiece.ShouldBe(1.0, 1e-4);
        cost.OneOffCost.ShouldBe(5);
        cost.PerUnit.ShouldBe(5 + 0.03565 + 1.0, 1e-3);
    }

    [Fact]
    public void Cnc_AluminiumCube_PaysForTheStockBlockAndRemovedMaterial()
    {
        var cost = _estimator.Estimate(Input(ManufacturingProcess.CncMilling, "aluminium_6061", copies: 1), quantity: 10);

        // Stock 16 mm cube = 4.096 cm³ of aluminium at 2700 kg/m³ and 9 USD/kg.
        cost.MaterialPerPiece.ShouldBe(4.096e-6 * 2700 * 9, 1e-4);
        var hours = 0.1 + ((4.096 - 1) / 15 / 60) + (6.0 / 200 / 60);
        cost.MachineHoursPerPiece.ShouldBe(hours, 1e-4);
        cost.PerUnit.ShouldBe((80.0 / 10) + (4.096e-6 * 2700 * 9) + (hours * 70), 1e-3);
    }

    [Fact]
    public void Moulding_LargeRun_SpreadsTheMouldOverEveryPiece()
    {
        var few = _estimator.Estimate(Input(ManufacturingProcess.InjectionMoulding, "abs", copies: 1, wall: 2), quantity: 10);
        var many = _estimator.Estimate(Input(ManufacturingProcess.InjectionMoulding, "abs", copies: 1, wall: 2), quantity: 10_000);

        few.OneOffCost.ShouldBe(2500 + 25);
        few.MachineHoursPerPiece.ShouldBe((10 + (2 * 2 * 2)) / 3600.0, 1e-4);
        few.PerUnit.ShouldBeGreaterThan(250);
        many.PerUnit.ShouldBeLessThan(0.6);
    }

    [Fact]
    public void Reuse_TwoIdenticalPartsShareOneSetup()
    {
        var single = _estimator.Estimate(Input(ManufacturingProcess.Print3d, "pla", copies: 1), quantity: 1);
        var pair = _estimator.Estimate(Input(ManufacturingProcess.Print3d, "pla", copies: 2), quantity: 1);

        pair.PerUnit.ShouldBe(single.PerUnit + (single.MaterialPerPiece + single.MachinePerPiece), 1e-3);
        pair.PerUnit.ShouldBeLessThan(2 * single.PerUnit);
        pair.PiecesInRun.ShouldBe(2);
    }

    [Fact]
    public void Breakdown_SumsTheGroups()
    {
        var breakdown = _estimator.Estimate(
            [Input(ManufacturingProcess.Print3d, "pla", 1), Input(ManufacturingProcess.CncMilling, "steel", 1)], quantity: 1);

        breakdown.UnitCost.ShouldBe(breakdown.Groups.Sum(g => g.PerUnit), 1e-9);
        breakdown.OneOffTotal.ShouldBe(85);
    }

    private static PartCostInput Input(ManufacturingProcess process, string material, int copies, double? wall = null) =>
        new(["cube"], MaterialTable.Get(material), process, VolumeCm3: 1, SurfaceCm2: 6, Cube10, wall, copies);
}
