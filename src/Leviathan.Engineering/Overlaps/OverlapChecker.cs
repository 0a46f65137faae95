using Leviathan.Engineering.Cad;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Overlaps;

/// <summary>
/// Exact overlap check: for every pair whose bounding boxes overlap, the volume the two share — computed
/// directly when both are convex polyhedra (boxes, box parts; <see cref="ConvexSolid"/>), otherwise by
/// OpenSCAD rendering the <c>intersection()</c> — and the pair overlaps when that volume exceeds the threshold.
/// MuJoCo cannot do this because it collides meshes as convex hulls.
/// </summary>
public sealed class OverlapChecker(OpenScadClient cad, double thresholdMm3 = 1.0)
{
    public double ThresholdMm3 => thresholdMm3;

    public async Task<IReadOnlyList<Overlap>> FindAsync(IReadOnlyList<PlacedSolid> solids, CancellationToken cancellationToken)
    {
        var overlaps = new List<Overlap>();
        for (var i = 0; i < solids.Count; i++)
        {
            for (var j = i + 1; j < solids.Count; j++)
            {
                var (a, b) = (solids[i], solids[j]);
                if ((a.IsFixture && b.IsFixture) || !a.Bounds.Overlaps(b.Bounds))
                {
                    continue;
                }

                var volume = await IntersectionVolumeAsync(a, b, cancellationToken);
                if (volume > thresholdMm3)
                {
                    overlaps.Add(new Overlap(a.Name, b.Name, Math.Round(volume, 3)));
                }
            }
        }

        return overlaps;
    }

    /// <summary>Volume (mm³) the two solids share; zero when the intersection is empty.</summary>
    public async Task<double> IntersectionVolumeAsync(PlacedSolid a, PlacedSolid b, CancellationToken cancellationToken)
    {
        if (a.Convex is { } convexA && b.Convex is { } convexB)
        {
            return ConvexSolid.IntersectionVolume(convexA, convexB);
        }

        var files = a.Files.Concat(b.Files).DistinctBy(f => f.Key).ToDictionary(f => f.Key, f => f.Value);
        var render = await cad.RenderSourceAsync(ScadText.Intersection(a, b), $"overlap({a.Name}, {b.Name})", files, cancellationToken);
        if (render.IsEmptyGeometry)
        {
            return 0;
        }

        if (render.StlPath is null)
        {
            throw new InvalidOperationException($"the overlap check of '{a.Name}' and '{b.Name}' failed: {render.Describe()}");
        }

        return Math.Abs(MeshProperties.Compute(StlReader.Read(render.StlPath)).Volume);
    }
}
