using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The curved guide slot of the search space. A guide is an arc in the upright plane of its heading, built from 4–8
/// ramp segments (OpenSCAD cubes): each segment's upper face is a chord of a circle of radius 50–350 mm, so the
/// payload rides a polygon inscribed in the arc, and each segment hangs below its chord (the side away from the
/// arc's centre), so neighbouring segments meet only along their upper edges (a 0.2 mm gap between them keeps them
/// apart). The path enters at the anchor (the upper end) going down at 10–85° and turns upwards through 20–180°: a
/// guide turns a fall into a roll along the floor or a climb, which one straight ramp cannot. Segments are separate
/// parts because MuJoCo collides every mesh as its convex hull: a single curved solid would collide as a filled wedge.
/// Genes: 0 on (optional slots), 2–4 anchor, 5 heading (±45° about the direction from the payload to the goal),
/// 6 entry slope, 7 turn, 8 radius, 9 width, 10 thickness (5–15 mm), 11 segment count.
/// </summary>
internal sealed partial class SearchSpace
{
    /// <summary>Gap between neighbouring guide segments along the arc (metres).</summary>
    private const double SegmentGap = 0.0002;

    private readonly int _guideSlots;

    /// <summary>Whether the guide is always on: in a benchmark without motors, unless the first world slot is a bridge.</summary>
    private readonly bool _guideRequired;

    /// <summary>
    /// One guide slot when a fixture stands across the straight line from the payload's start to the goal's centre,
    /// none otherwise (then the space is exactly the one without guides).
    /// </summary>
    private static int GuideSlots(BenchmarkSpec benchmark)
    {
        if (benchmark.HasSeveralPayloads())
        {
            return 0; // several payloads get one world slot each (see the constructor), no guide
        }

        var from = Vec3.From(benchmark.Payload.Pose.Position);
        var to = benchmark.Zones.Goal.ToAabb().Center;
        var line = to - from;
        if (line.Length < 1e-6)
        {
            return 0;
        }

        // The line as a thin box along it.
        var along = line / line.Length;
        var helper = Math.Abs(along.Z) < 0.9 ? new Vec3(0, 0, 1) : new Vec3(1, 0, 0);
        var side = helper.Cross(along).Normalized();
        var up = along.Cross(side).Normalized();
        var segment = new OrientedBox((from + to) / 2, new Vec3(line.Length / 2, 1e-4, 1e-4), along, side, up);
        return benchmark.Fixtures.Any(f => f.Shape.Type is ShapeKind.Box && FixtureObb(f).Penetration(segment) > 0) ? 1 : 0;
    }

    private static OrientedBox FixtureObb(FixtureSpec fixture)
    {
        var pose = fixture.Pose.ToPose();
        return OrientedBox.From(pose.Position, Vec3.From(fixture.Shape.Size!), pose.Rotation);
    }

    /// <summary>
    /// The prior of the guide slots: on in 70% of draws when optional; in half of the draws the anchor sits under the
    /// payload's start, aimed at the goal, entering steeply (about 70°: a falling payload keeps most of its speed) and leaving upwards at 20–80°, at the height that puts
    /// the arc's lowest point on the bottom of the build zone (a guide that turns a fall into a roll along the floor
    /// and then a climb). Draws nothing when the space has no guide slot; with <paramref name="off"/> (the bridge
    /// guess's draws, <see cref="BridgeAim"/>) only switches the guide off.
    /// </summary>
    private void SampleGuides(double[] genes, bool off, Random random)
    {
        for (var k = 0; k < _guideSlots; k++)
        {
            var o = (_slots.Count + k) * SlotGenes;
            if (off)
            {
                genes[o] = random.NextDouble() * 0.5;
                continue;
            }

            if (!_guideRequired)
            {
                genes[o] = random.NextDouble() < 0.7 ? 0.5 + (random.NextDouble() * 0.5) : random.NextDouble() * 0.5;
            }

            if (random.NextDouble() < 0.5)
            {
                var payload = Vec3.From(_benchmark.Payload.Pose.Position);
                var size = _build.Size;
                genes[o + 2] = Math.Clamp(((payload.X - _build.Min.X) / size.X) + (0.05 * Normal(random)), 0, 1);
                genes[o + 3] = Math.Clamp(((payload.Y - _build.Min.Y) / size.Y) + (0.05 * Normal(random)), 0, 1);
                genes[o + 5] = Math.Clamp(0.5 + (0.05 * Normal(random)), 0, 1);
                genes[o + 6] = Math.Clamp(0.8 + (0.12 * Normal(random)), 0, 1);
                var entry = Lerp(10, 85, genes[o + 6]);
                var exit = 20 + (random.NextDouble() * 60);
                genes[o + 7] = Math.Clamp((entry + exit - 20) / 160, 0, 1);
                genes[o + 8] = 0.3 + (0.7 * random.NextDouble());
                var radius = Lerp(0.05, 0.35, genes[o + 8]);
                var thickness = Lerp(0.005, 0.015, genes[o + 10]);
                var low = thickness + (radius * (1 - Math.Cos(entry * Math.PI / 180)));
                genes[o + 4] = Math.Clamp((low / size.Z) + (0.03 * Normal(random)), 0, 1);
            }
        }
    }

    private List<CandidatePart> GuideParts(IReadOnlyList<double> genes)
    {
        var parts = new List<CandidatePart>();
        for (var k = 0; k < _guideSlots; k++)
        {
            var g = genes.Skip((_slots.Count + k) * SlotGenes).Take(SlotGenes).ToArray();
            if (_guideRequired || g[0] >= 0.5)
            {
                parts.AddRange(Guide(_slots.Count + k + 1, g));
            }
        }

        return parts;
    }

    /// <summary>The guide's segments, placed like every group (scaled about the anchor to fit the build zone, shifted inside).</summary>
    private List<CandidatePart> Guide(int slot, double[] g)
    {
        var anchor = Point(g[2], g[3], g[4]);
        var heading = Math.Round(Heading(0) + ((g[5] - 0.5) * 90), 2);
        var entry = -Lerp(10, 85, g[6]) * Math.PI / 180;
        var turn = Lerp(20, 180, g[7]) * Math.PI / 180;
        var radius = Lerp(0.05, 0.35, g[8]);
        var width = Lerp(0.03, Math.Min(0.2, _envelope.Y), g[9]);
        var thickness = Lerp(0.005, 0.015, g[10]);
        var count = 4 + Math.Min(4, (int)(g[11] * 5));

        // In the guide's upright plane: u along the heading, z up. The arc's direction angle runs from the entry
        // angle (negative: going down) to entry + turn; its centre lies on the upper side of the path.
        var u = new Vec3(Math.Cos(heading * Math.PI / 180), Math.Sin(heading * Math.PI / 180), 0);
        var z = new Vec3(0, 0, 1);
        Vec3 Upward(double angle) => (u * -Math.Sin(angle)) + (z * Math.Cos(angle));
        var centre = anchor + (Upward(entry) * radius);
        Vec3 OnArc(double angle) => centre - (Upward(angle) * radius);
        var step = turn / count;
        var chord = 2 * radius * Math.Sin(step / 2);
        var length = Math.Min(chord - (2 * SegmentGap), _envelope.Z);
        var boxes = new List<Box>();
        for (var i = 0; i < count; i++)
        {
            var (a0, a1) = (entry + (i * step), entry + ((i + 1) * step));
            var middle = (a0 + a1) / 2;
            var mid = (OnArc(a0) + OnArc(a1)) / 2;
            var slope = Math.Round(-middle * 180 / Math.PI, 2);
            var euler = new Vec3(0, slope, heading);
            var up = Rotation.FromOpenScadEuler(euler).Apply(new Vec3(0, 0, 1));
            boxes.Add(new Box($"guide{slot}-{i + 1}", "curved guide segment", new Vec3(length, width, thickness), mid - (up * (thickness / 2)), euler));
        }

        return Place(boxes, anchor, "world");
    }
}
