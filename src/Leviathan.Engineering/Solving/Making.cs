using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// A material and process the solver can make parts with, and the largest box that process takes (metres, ascending).
/// Printed and milled parts are plain boxes; moulded parts are drafted, cored boxes (<see cref="MouldedPart"/>).
/// </summary>
internal sealed record Making(Material Material, ManufacturingProcess Process, Vec3 Envelope)
{
    private static readonly string[] Materials = ["pla", "abs", "hardwood", "aluminium_6061", "steel"];

    /// <summary>Every allowed pairing of printing, milling or moulding with a material that process can shape.</summary>
    public static IReadOnlyList<Making> Allowed(BenchmarkSpec benchmark, ManufacturingRules rules)
    {
        var list = new List<Making>();
        foreach (var process in new[] { ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling, ManufacturingProcess.InjectionMoulding }.Where(benchmark.Limits.Processes.Contains))
        {
            // The rules give moulding no size limit; its moulds are milled, so a moulded part is held to the mill's envelope.
            var envelope = (process == ManufacturingProcess.Print3d ? rules.PrinterBuildVolume : rules.CncWorkEnvelope).Order().Select(v => v / 1000).ToArray();
            foreach (var id in Materials.Where(benchmark.Limits.Materials.Contains))
            {
                var material = MaterialTable.Get(id);
                if (material.Processes.Contains(process))
                {
                    // 1 mm under the envelope: the rendered solid's bounds may exceed the nominal size by rounding.
                    list.Add(new Making(material, process, new Vec3(envelope[0] - 0.001, envelope[1] - 0.001, envelope[2] - 0.001)));
                }
            }
        }

        return list;
    }

    /// <summary>The largest edge lengths any of the makings can produce (ascending).</summary>
    public static Vec3 LargestEnvelope(IReadOnlyList<Making> makings) =>
        makings.Select(m => m.Envelope).Aggregate(Vec3.Zero, Vec3.Max);

    /// <summary>Whether this making can produce a box of this size (metres, any orientation; moulded with its thinnest edge along the mould axis).</summary>
    public bool Fits(Vec3 size)
    {
        var sorted = new[] { size.X, size.Y, size.Z }.Order().ToArray();
        return sorted[0] <= Envelope.X && sorted[1] <= Envelope.Y && sorted[2] <= Envelope.Z
            && (Process != ManufacturingProcess.InjectionMoulding || MouldedPart.CanMould(new Vec3(sorted[1], sorted[2], sorted[0]) * 1000));
    }

    /// <summary>
    /// The cheapest making (per unit, at the benchmark's quantity) that can produce a box of this size; null when none
    /// can. Moulding is costed on the moulded solid, and chosen only when printing or milling that same solid would not
    /// be cheaper either, so the part written is always made by the cheapest process the cost model offers for it.
    /// </summary>
    public static Making? Cheapest(IReadOnlyList<Making> makings, Vec3 size, int quantity, CostEstimator costs)
    {
        Making? best = null;
        var bestCost = double.PositiveInfinity;
        var boxVolumeCm3 = size.X * size.Y * size.Z * 1e6;
        var boxSurfaceCm2 = 2 * ((size.X * size.Y) + (size.Y * size.Z) + (size.X * size.Z)) * 1e4;
        foreach (var making in makings.Where(m => m.Fits(size)))
        {
            double cost, volumeCm3;
            if (making.Process == ManufacturingProcess.InjectionMoulding)
            {
                var sorted = new[] { size.X, size.Y, size.Z }.Order().ToArray();
                var mouldedMm = new Vec3(sorted[1], sorted[2], sorted[0]) * 1000;
                var (volume, surface, wall) = MouldedPart.Measure(mouldedMm);
                volumeCm3 = volume / 1000;
                PartCostInput Input(ManufacturingProcess process) =>
                    new(["moulded"], making.Material, process, volumeCm3, surface / 100, new Aabb(Vec3.Zero, mouldedMm), process == ManufacturingProcess.InjectionMoulding ? wall : null, 1);
                cost = costs.Estimate(Input(making.Process), quantity).PerUnit;
                var otherwise = makings.Where(m => m.Material == making.Material && m.Process != making.Process && m.Fits(size))
                    .Select(m => costs.Estimate(Input(m.Process), quantity).PerUnit)
                    .DefaultIfEmpty(double.PositiveInfinity)
                    .Min();
                if (otherwise < cost)
                {
                    continue;
                }
            }
            else
            {
                volumeCm3 = boxVolumeCm3;
                cost = costs.Estimate(new PartCostInput(["box"], making.Material, making.Process, boxVolumeCm3, boxSurfaceCm2, new Aabb(Vec3.Zero, size * 1000), null, 1), quantity).PerUnit;
            }

            cost += volumeCm3 * 1e-6 * making.Material.Density * 10; // a gram costs 1 cent more: prefer light parts when prices tie
            if (cost < bestCost)
            {
                (best, bestCost) = (making, cost);
            }
        }

        return best;
    }
}
