using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Generation;

/// <summary>Random draws and building blocks shared by the families (all lengths in metres).</summary>
internal static class FamilyDraws
{
    private static readonly string[][] MaterialSets = [["pla", "abs"], ["pla", "hardwood"], ["abs", "hardwood", "aluminium_6061"], ["pla", "abs", "hardwood"]];
    private static readonly string[] PayloadMaterials = ["steel", "aluminium_6061", "hardwood", "pla"];

    public static double Uniform(this Random random, double low, double high) => Math.Round(low + (random.NextDouble() * (high - low)), 4);

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    public static string PayloadMaterial(Random random) => random.Pick(PayloadMaterials);

    public static FixtureSpec Floor(Random random) => new()
    {
        Name = "floor",
        Shape = Box(1.4, 0.7, 0.02),
        Pose = At(0, 0, -0.01),
        Friction = random.Uniform(0.5, 0.9),
    };

    /// <summary>Production quantities drawn; a third of the draws are runs in the thousands.</summary>
    public static readonly int[] Quantities = [10, 20, 50, 100, 1000, 5000];

    /// <summary>From this quantity on, injection moulding is allowed too: its mould pays off over the run.</summary>
    public const int MouldingFrom = 1000;

    /// <summary>
    /// Cost and weight limits (bound to the reference later, see <see cref="BudgetBinder"/>), the quantity and the
    /// allowed materials and processes: printing and milling, and moulding for runs in the thousands, where setups and
    /// moulds spread over many units and the cheapest process for a part is often not printing.
    /// </summary>
    public static LimitsSpec Limits(Random random)
    {
        var cost = Math.Round(random.Uniform(90, 150));
        var weight = Math.Round(random.Uniform(0.6, 1.2), 2);
        var quantity = random.Pick(Quantities);
        return new LimitsSpec
        {
            MaxUnitCost = cost,
            MaxWeight = weight,
            Quantity = quantity,
            Processes = quantity >= MouldingFrom
                ? [ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling, ManufacturingProcess.InjectionMoulding]
                : [ManufacturingProcess.Print3d, ManufacturingProcess.CncMilling],
            Materials = random.Pick(MaterialSets),
        };
    }

    /// <summary>The payload's weight in newtons (its mass from its shape and material, or its given mass, under the world's gravity).</summary>
    public static double Weight(BenchmarkSpec benchmark)
    {
        var payload = benchmark.Payload;
        var shape = payload.Shape;
        var volume = shape.Type switch
        {
            ShapeKind.Sphere => 4.0 / 3 * Math.PI * Math.Pow(shape.Radius!.Value, 3),
            ShapeKind.Box => shape.Size![0] * shape.Size[1] * shape.Size[2],
            _ => throw new ArgumentException($"no weight for a payload of shape {shape.Type}", nameof(benchmark)),
        };
        var mass = payload.Mass ?? (volume * MaterialTable.Get(payload.Material!).Density);
        var g = benchmark.World.Gravity;
        return mass * Math.Sqrt((g[0] * g[0]) + (g[1] * g[1]) + (g[2] * g[2]));
    }

    /// <summary>
    /// The benchmark with motor <paramref name="motor"/>'s force limit raised to at least <paramref name="least"/>
    /// newtons (rounded up to 0.1 N), every other draw as it was: a family draws its limit as before and only the draws
    /// too weak for the payload change, so no other candidate of a seed does.
    /// </summary>
    public static BenchmarkSpec WithLimitAtLeast(BenchmarkSpec benchmark, string motor, double least) => benchmark with
    {
        Motors = benchmark.Motors.Select(m => m.Name == motor && m.Limit < least ? m with { Limit = Math.Ceiling(least * 10) / 10 } : m).ToList(),
    };

    public static ShapeSpec Box(double x, double y, double z) => new() { Type = ShapeKind.Box, Size = [Math.Round(x, 4), Math.Round(y, 4), Math.Round(z, 4)] };

    public static PoseSpec At(double x, double y, double z, double tiltY = 0) => new() { Position = [Math.Round(x, 5), Math.Round(y, 5), Math.Round(z, 5)], Rotation = [0, tiltY, 0] };

    public static ZoneSpec Zone(string? name, double x0, double y0, double z0, double x1, double y1, double z1) => new()
    {
        Name = name,
        Min = [Math.Round(x0, 4), Math.Round(y0, 4), Math.Round(z0, 4)],
        Max = [Math.Round(x1, 4), Math.Round(y1, 4), Math.Round(z1, 4)],
    };
}
