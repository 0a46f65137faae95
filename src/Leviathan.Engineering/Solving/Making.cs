using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Solving;

/// <summary>A material and process the solver can make boxes with, and the largest box that process takes (metres, ascending).</summary>
internal sealed record Making(Material Material, ManufacturingProcess Process, Vec3 Envelope)
{
    private static readonly string[] Materials = ["pla", "abs", "hardwood", "aluminium_6061", "steel"];

    /// <summary>Every allowed pairing of printing or milling with a material that process can shape.</summary>
    public static IReadOnlyList<Making> Allowed(BenchmarkSpec benchmark, ManufacturingRules rules)
    {
        var list = new List<Making>();
        foreach (var process in new[] { ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling }.Where(benchmark.Limits.Processes.Contains))
        {
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

    public bool Fits(Vec3 size)
    {
        var sorted = new[] { size.X, size.Y, size.Z }.Order().ToArray();
        return sorted[0] <= Envelope.X && sorted[1] <= Envelope.Y && sorted[2] <= Envelope.Z;
    }

    /// <summary>The cheapest making (per unit, at the benchmark's quantity) that can produce a box of this size; null when none can.</summary>
    public static Making? Cheapest(IReadOnlyList<Making> makings, Vec3 size, int quantity, CostEstimator costs)
    {
        Making? best = null;
        var bestCost = double.PositiveInfinity;
        var volumeCm3 = size.X * size.Y * size.Z * 1e6;
        var surfaceCm2 = 2 * ((size.X * size.Y) + (size.Y * size.Z) + (size.X * size.Z)) * 1e4;
        var boundsMm = new Aabb(Vec3.Zero, size * 1000);
        foreach (var making in makings.Where(m => m.Fits(size)))
        {
            var cost = costs.Estimate(new PartCostInput(["box"], making.Material, making.Process, volumeCm3, surfaceCm2, boundsMm, null, 1), quantity).PerUnit
                + (volumeCm3 * 1e-6 * making.Material.Density * 10); // a gram costs 1 cent more: prefer light parts when prices tie
            if (cost < bestCost)
            {
                (best, bestCost) = (making, cost);
            }
        }

        return best;
    }
}
