using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Costs;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Solutions;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The baseline solver's parametric design space, derived from the benchmark alone. A candidate is a list of
/// <em>slots</em> of <see cref="SlotGenes"/> genes each, every gene in [0, 1]:
/// <list type="bullet">
/// <item>World slots (three without motors, one with; with several payloads at least one per payload, and one more
/// without motors): a gene switches the slot on (the first world slot of a motorless benchmark is always on, with
/// several payloads the first one per payload; with a curved guide only when it is a bridge, <see cref="BridgeAim"/>), a gene picks its kind, three genes place its anchor in the build zone.
/// World slot i serves payload i modulo their number (its prior aims it from that payload's start at that payload's goal):
/// <b>ramp</b> — a deck (its upper edge at the anchor, heading within ±45° of the direction from the payload to
/// the goal, slope −10…45°, length up to the build zone's diagonal, width, thickness) with an optional pair of
/// side rails (height 12–40 mm), i.e. one or three parts; <b>block</b> — a box of 10–120 mm edges turned about Z;
/// <b>wall</b> — an upright plate 5–20 mm thick at any heading.</item>
/// <item>A <b>curved guide</b> slot when a fixture blocks the straight line from the payload's start to the goal's
/// centre (see <c>SearchSpace.CurvedGuide.cs</c>): an arc of ramp segments that turns the payload's path, e.g. from
/// falling to rising. It is always on in a motorless benchmark, and then no world slot is required, unless the first
/// world slot is a bridge (<see cref="BridgeAim"/>): then the guide is optional.</item>
/// <item>One slot per motor: a <b>pusher plate</b> (horizontal slider) or <b>lifting platform</b> (vertical slider)
/// square to the slider's axis, anywhere in the build zone (in a lift it may tilt down towards the goal, <see cref="LiftAim"/>); or a <b>lever</b> on a hinge — an arm from the hinge
/// axis at any angle around it (30–250 mm long), with an optional upright plate on either face: at its far end
/// (a scoop) or standing on it anywhere from a fifth of its length outwards (a lip that holds the payload).
/// A motor the solution places is anchored at the plate's centre or at the lever's root. Each motor gets a
/// <c>ramp</c> control from 0 to a target in its range, with a start time and a duration (<see cref="MotorTiming"/>:
/// with several motors each later one starts relative to the end of the one before, so motions can be sequenced).
/// With waypoint controls (<c>SearchSpace.Waypoints.cs</c>) each motor also has a control slot that may turn its ramp
/// into a stroke and return or a retreat then stroke (<see cref="MotorControls"/>).</item>
/// </list>
/// Every group (a ramp with its rails, a lever with its tip) is scaled down about its anchor until its bounds fit
/// the build zone and then shifted inside it (0.5 mm margin). Edges are capped by the largest piece an allowed
/// process makes; each part is made by the cheapest allowed material and process that can make it (a moulded part as a
/// drafted, cored box turned so that its thinnest edge lies along the mould axis, see <see cref="MouldedPart"/>).
/// </summary>
internal sealed partial class SearchSpace
{
    public const int SlotGenes = 12;
    private const double Margin = 0.0005;
    private readonly BenchmarkSpec _benchmark;
    private readonly IReadOnlyList<Making> _makings;
    private readonly CostEstimator _costs = new(new CostRates());
    private readonly Aabb _build;
    private readonly Vec3 _envelope;
    private readonly IReadOnlyList<Delivery> _deliveries;
    private readonly List<(int Motor, bool Required, int Payload)> _slots = [];

    /// <summary>Which way a lift's platform tilts down (<see cref="LiftAim"/>); null when the benchmark is not a lift.</summary>
    private readonly Vec3? _liftHeading;

    /// <summary>Where the first world slot's bridge goes when it is one (<see cref="BridgeAim"/>): then it is required and the curved guide optional.</summary>
    private readonly (Vec3 Near, Vec3 Far)? _bridge;

    public SearchSpace(BenchmarkSpec benchmark, IReadOnlyList<Making> makings, bool hingedRamps = false, bool waypoints = false)
    {
        _hingedRamps = hingedRamps;
        _controlSlots = waypoints ? benchmark.Motors.Count : 0;
        if (makings.Count == 0)
        {
            throw new ArgumentException("at least one making is needed", nameof(makings));
        }

        _benchmark = benchmark;
        _makings = makings;
        _build = benchmark.Zones.Build.ToAabb();
        _envelope = Making.LargestEnvelope(makings);
        _deliveries = Deliveries.Of(benchmark);
        for (var m = 0; m < benchmark.Motors.Count; m++)
        {
            _slots.Add((m, true, 0));
        }

        _guideSlots = GuideSlots(benchmark);
        _bridge = BridgeAim.Span(benchmark);
        _liftHeading = LiftAim.Applies(benchmark) ? LiftAim.Heading(benchmark) : null;
        _guideRequired = benchmark.Motors.Count == 0 && _bridge is null;
        var payloads = _deliveries.Count;
        var worldSlots = benchmark.Motors.Count == 0 ? Math.Max(3, payloads + 1) : payloads;
        for (var i = 0; i < worldSlots; i++)
        {
            _slots.Add((-1, benchmark.Motors.Count == 0 && i < payloads && (_guideSlots == 0 || _bridge is not null), i % payloads));
        }
    }

    /// <summary>Heading (degrees about Z) from a payload's start to the centre of its goal.</summary>
    private double Heading(int payload)
    {
        var towards = _deliveries[payload].GoalBox.Center - Vec3.From(_deliveries[payload].Payload.Pose.Position);
        return Math.Abs(towards.X) + Math.Abs(towards.Y) < 1e-6 ? 0 : Math.Atan2(towards.Y, towards.X) * 180 / Math.PI;
    }

    public int Dimensions => (_slots.Count + _guideSlots + _controlSlots) * SlotGenes;

    /// <summary>
    /// A draw from the solver's prior: uniform genes, except that optional world parts are on in 30% of draws, and
    /// half of the draws put every slot's anchor under the payload's start (projected into the build zone, with a
    /// little noise, high in the zone more often than low), aim ramps straight at the goal, and lay levers on fixed
    /// hinges level under the payload, reaching a little past it, mostly with a scoop or lip on the face that looks up, and
    /// with a target turn towards the goal. With several motors, sliders are aimed as a relay (<see cref="SliderAim"/>); with one horizontal slider and
    /// the goal below the payload, the slider pushes and the world slot is a chute (<see cref="ChuteAim"/>); with a
    /// build zone between the payload's support and the goal's side, the first world slot is a bridge deck and every
    /// other part is off (<see cref="BridgeAim"/>); in a lift the platform tilts into a corner with the goal's side
    /// (<see cref="LiftAim"/>).
    /// </summary>
    public double[] Sample(Random random)
    {
        var genes = Enumerable.Range(0, Dimensions).Select(_ => random.NextDouble()).ToArray();
        for (var s = 0; s < _slots.Count; s++)
        {
            if (!_slots[s].Required && _slots[s].Motor < 0)
            {
                genes[s * SlotGenes] = random.NextDouble() < 0.7 ? random.NextDouble() * 0.5 : 0.5 + (random.NextDouble() * 0.5); // optional parts: on in 30% of draws
            }
        }

        var aimed = random.NextDouble() < 0.5;
        if (aimed)
        {
            var size = _build.Size;
            for (var s = 0; s < _slots.Count; s++)
            {
                var payload = Vec3.From(_deliveries[_slots[s].Payload].Payload.Pose.Position);
                var o = s * SlotGenes;
                genes[o + 2] = Math.Clamp(((payload.X - _build.Min.X) / size.X) + (0.05 * Normal(random)), 0, 1);
                genes[o + 3] = Math.Clamp(((payload.Y - _build.Min.Y) / size.Y) + (0.05 * Normal(random)), 0, 1);
                genes[o + 4] = Math.Clamp(1 - Math.Abs(0.3 * Normal(random)), 0, 1);
                if (_slots[s].Motor < 0 && _bridge is { } span)
                {
                    if (_slots[s].Required)
                    {
                        BridgeAim.Aim(genes, o, span, _build, _envelope, random);
                    }
                    else
                    {
                        genes[o] = random.NextDouble() * 0.5; // off: other parts would stand in the bridge's way
                    }
                }
                else if (_slots[s].Motor < 0 && ChuteAim.Applies(_benchmark))
                {
                    ChuteAim.Aim(genes, o, _benchmark, _build, _envelope, random);
                }
                else if (_slots[s].Motor < 0)
                {
                    genes[o + 5] = Math.Clamp(0.5 + (0.05 * Normal(random)), 0, 1);
                    if (_deliveries.Count > 1 && _slots[s].Required)
                    {
                        genes[o + 1] = random.NextDouble() * 0.5; // a ramp: each payload needs its own way to its goal
                    }
                }
                else if (_liftHeading is { } heading)
                {
                    LiftAim.Aim(genes, o, _benchmark.Motors[_slots[s].Motor], _benchmark, heading, _build, _envelope, random);
                }
                else if (ChuteAim.Applies(_benchmark) && _benchmark.Motors[_slots[s].Motor] is { Type: MotorKind.Slider } pusher)
                {
                    SliderAim.Aim(genes, o, pusher, _benchmark, _build, _envelope, random);
                }
                else if (_benchmark.Motors[_slots[s].Motor] is { Type: MotorKind.Hinge, Anchor: { } hinge } motor)
                {
                    AimLever(genes, o, motor, payload - Vec3.From(hinge), _benchmark.Zones.Goal.ToAabb().Center - Vec3.From(hinge), random);
                }
                else if (_benchmark.Motors.Count > 1 && _benchmark.Motors[_slots[s].Motor] is { Type: MotorKind.Slider } slider)
                {
                    SliderAim.Aim(genes, o, slider, _benchmark, _build, _envelope, random);
                }
            }
        }

        SampleGuides(genes, aimed && _bridge is not null, random);
        SampleControls(genes, aimed, random);
        return genes;
    }

    /// <summary>
    /// Points a lever's arm level under the payload (across the hinge axis), makes it reach a little past it, puts an
    /// upright plate on its upper face in three draws of four, and sets the control's target near the turn that would
    /// swing the arm from there towards the goal.
    /// </summary>
    private void AimLever(double[] genes, int offset, MotorSpec motor, Vec3 towards, Vec3 goal, Random random)
    {
        var axis = Vec3.From(motor.Axis).Normalized();
        var level = towards - (axis * towards.Dot(axis));
        level = new Vec3(level.X, level.Y, Math.Abs(axis.Z) > 0.9 ? level.Z : 0);
        if (level.Length < 1e-6)
        {
            return;
        }

        var (u, v) = Perpendiculars(axis);
        var angle = Math.Atan2(level.Dot(v), level.Dot(u));
        genes[offset + 5] = angle < 0 ? (angle / (2 * Math.PI)) + 1 : angle / (2 * Math.PI);
        var length = level.Length + (random.NextDouble() * 0.06);
        genes[offset + 6] = Math.Clamp((length - 0.03) / (Math.Min(0.25, _envelope.Z) - 0.03), 0, 1);

        // Usually an upright plate (a scoop at the end or a lip on the arm) on the face that looks up.
        if (random.NextDouble() < 0.75)
        {
            var arm = (u * Math.Cos(angle)) + (v * Math.Sin(angle));
            var upper = arm.Cross(axis).Z >= 0 ? 0.5 : 0.75;
            genes[offset + 1] = upper + (random.NextDouble() * 0.25);
        }

        // The turn (degrees, about the axis) from the arm's direction to the goal's, taken within the motor's range if it can be.
        var turn = (Math.Atan2(goal.Dot(v), goal.Dot(u)) - angle) * 180 / Math.PI;
        var (low, high) = (motor.Range[0], motor.Range[1]);
        var best = new[] { turn - 360, turn, turn + 360 }.OrderBy(t => t < low ? low - t : t > high ? t - high : 0).First();
        genes[offset + 8] = Math.Clamp(((Math.Clamp(best, low, high) - low) / (high - low)) + (0.1 * Normal(random)), 0, 1);
    }

    public Candidate Decode(IReadOnlyList<double> genes)
    {
        var parts = new List<CandidatePart>();
        var anchors = new List<MotorAnchorSpec>();
        var controls = new List<ControlSpec>();
        double? previousEnd = null;
        for (var s = 0; s < _slots.Count; s++)
        {
            var g = genes.Skip(s * SlotGenes).Take(SlotGenes).ToArray();
            var (motorIndex, required, payload) = _slots[s];
            if (motorIndex < 0)
            {
                if (required || g[0] >= 0.5)
                {
                    parts.AddRange(WorldGroup(s + 1, g, Heading(payload)));
                }

                continue;
            }

            var motor = _benchmark.Motors[motorIndex];
            var (group, anchor) = MotorGroup(motor, g);
            parts.AddRange(group);
            if (motor.Placement == MotorPlacement.Solution)
            {
                anchors.Add(new MotorAnchorSpec { Name = motor.Name, Anchor = Round(anchor).ToArray() });
            }

            var (start, duration) = MotorTiming.Of(_benchmark.Objective.TimeLimit, _benchmark.Motors.Count, previousEnd, g[9], g[10]);
            previousEnd = start + duration;
            controls.Add(Control(motorIndex, genes, start, duration, Math.Round(Lerp(motor.Range[0], motor.Range[1], g[8]), 4)));
        }

        parts.AddRange(GuideParts(genes));
        return new Candidate(parts, anchors, controls);
    }

    internal static Vec3 HalfExtent(Vec3 size, Rotation turn)
    {
        var m = turn.ToMatrix();
        var h = size / 2;
        double Axis(int i) => (Math.Abs(m[i, 0]) * h.X) + (Math.Abs(m[i, 1]) * h.Y) + (Math.Abs(m[i, 2]) * h.Z);
        return new Vec3(Axis(0), Axis(1), Axis(2));
    }

    private List<CandidatePart> WorldGroup(int slot, double[] g, double towards)
    {
        var anchor = Point(g[2], g[3], g[4]);
        var zone = _build.Size;
        if (g[1] < 0.5)
        {
            var heading = Math.Round(towards + ((g[5] - 0.5) * 90), 2);
            var slope = Math.Round(Lerp(-10, 45, g[6]), 2);
            var diagonal = zone.Length;
            var length = Lerp(0.04, Math.Min(diagonal, _envelope.Z), g[7]);
            var width = Lerp(0.03, Math.Min(0.2, _envelope.Y), g[8]);
            var thickness = Lerp(0.005, 0.02, g[9]);
            var railHeight = g[10] < 0.5 ? 0 : Lerp(0.012, 0.04, (g[10] - 0.5) * 2);
            var hinged = _hingedRamps && slope >= MinimumFlapSlope;
            var euler = new Vec3(0, hinged ? 0 : slope, heading);
            var turn = Rotation.FromOpenScadEuler(euler);
            var along = turn.Apply(new Vec3(1, 0, 0));
            var side = turn.Apply(new Vec3(0, 1, 0));
            var up = turn.Apply(new Vec3(0, 0, 1));
            var deck = anchor + (along * (length / 2)) - (up * (thickness / 2));
            var boxes = new List<Box> { new($"ramp{slot}", "ramp deck", new Vec3(length, width, thickness), deck, euler) };
            if (railHeight > 0)
            {
                const double RailThickness = 0.006;
                var offset = (width / 2) + (RailThickness / 2) + Margin;
                var lift = up * ((railHeight - thickness) / 2);
                var size = new Vec3(length, RailThickness, railHeight);
                boxes.Add(new($"ramp{slot}-rail-left", "ramp rail", size, deck + (side * offset) + lift, euler));
                boxes.Add(new($"ramp{slot}-rail-right", "ramp rail", size, deck - (side * offset) + lift, euler));
            }

            var ramp = Place(boxes, anchor, "world", out var shift);
            return hinged ? Flap(ramp, anchor + shift, side, slope) : ramp;
        }

        if (g[1] < 0.75)
        {
            var edge = Math.Min(0.12, _envelope.X);
            var size = new Vec3(Lerp(0.01, edge, g[5]), Lerp(0.01, edge, g[6]), Lerp(0.01, edge, g[7]));
            return Place([new($"block{slot}", "block", size, anchor, new Vec3(0, 0, Math.Round((g[8] - 0.5) * 90, 2)))], anchor, "world");
        }

        var wall = new Vec3(Lerp(0.005, Math.Min(0.02, _envelope.X), g[5]), Lerp(0.03, Math.Min(0.3, _envelope.Z), g[6]), Lerp(0.02, Math.Min(0.2, _envelope.Y), g[7]));
        return Place([new($"wall{slot}", "wall", wall, anchor, new Vec3(0, 0, Math.Round(towards + (g[8] * 180), 2)))], anchor, "world");
    }

    private (List<CandidatePart> Parts, Vec3 Anchor) MotorGroup(MotorSpec motor, double[] g)
    {
        var axis = Vec3.From(motor.Axis).Normalized();
        var (u, v) = Perpendiculars(axis);
        if (motor.Type == MotorKind.Slider)
        {
            var centre = Point(g[2], g[3], g[4]);
            var plate = new Vec3(Lerp(0.005, Math.Min(0.03, _envelope.X), g[5]), Lerp(0.01, Math.Min(0.15, _envelope.Y), g[6]), Lerp(0.01, Math.Min(0.15, _envelope.Y), g[7]));
            var euler = Euler(axis, u, v);
            if (_liftHeading is { } heading && LiftAim.Tilt(g[11]) is var tilt and > 0)
            {
                var (up, across, down) = LiftAim.Axes(heading, tilt);
                euler = Euler(up, across, down);
            }

            var role = Math.Abs(axis.Z) > 0.7 ? "lifting platform" : "pusher plate";
            var parts = Place([new($"{motor.Name}-plate", role, plate, centre, euler)], centre, motor.Name);
            return (parts, parts[0].Position);
        }

        var root = motor.Anchor is { } fixedAnchor ? Vec3.From(fixedAnchor) : Point(g[2], g[3], g[4]);
        var angle = g[5] * 2 * Math.PI;
        var arm = (u * Math.Cos(angle)) + (v * Math.Sin(angle));
        var normal = arm.Cross(axis);
        var leverEuler = Euler(arm, axis, normal);
        var turn = Rotation.FromOpenScadEuler(leverEuler);
        (arm, normal) = (turn.Apply(new Vec3(1, 0, 0)), turn.Apply(new Vec3(0, 0, 1)));
        var length = Lerp(0.03, Math.Min(0.25, _envelope.Z), g[6]);
        var width = Lerp(0.02, Math.Min(0.15, _envelope.Y), g[7]);
        const double Thickness = 0.008;
        const double Overhang = 0.005;
        var boxes = new List<Box> { new($"{motor.Name}-lever", "lever arm", new Vec3(length, width, Thickness), root + (arm * ((length / 2) - Overhang)), leverEuler) };
        if (g[1] >= 0.5)
        {
            var height = Lerp(0.015, 0.06, g[11]);
            var sign = g[1] < 0.75 ? 1 : -1;
            var along = g[0] < 0.5 ? length - Overhang + (Thickness / 2) + Margin : Lerp(0.2, 1, (g[0] - 0.5) * 2) * (length - Overhang - (Thickness / 2));
            var lift = g[0] < 0.5 ? (height / 2) - (Thickness / 2) : (height / 2) + (Thickness / 2) + Margin;
            var tip = root + (arm * along) + (normal * (sign * lift));
            boxes.Add(new($"{motor.Name}-tip", "lever tip", new Vec3(Thickness, width, height), tip, leverEuler));
        }

        var placed = Place(boxes, root, motor.Name, out var shift);
        return (placed, motor.Placement == MotorPlacement.Solution ? root + shift : root);
    }

    /// <summary>Scales the group about its anchor until its bounds fit the build zone, shifts it inside, and chooses each part's making.</summary>
    private List<CandidatePart> Place(List<Box> boxes, Vec3 anchor, string mount) => Place(boxes, anchor, mount, out _);

    private List<CandidatePart> Place(List<Box> boxes, Vec3 anchor, string mount, out Vec3 shift)
    {
        var room = _build.Size - new Vec3(2 * Margin, 2 * Margin, 2 * Margin);
        var bounds = Bounds(boxes);
        var scale = Math.Min(1, Math.Min(room.X / bounds.Size.X, Math.Min(room.Y / bounds.Size.Y, room.Z / bounds.Size.Z)));
        if (scale < 1)
        {
            scale *= 0.999;
            boxes = boxes.Select(b => b with { Size = b.Size * scale, Centre = anchor + ((b.Centre - anchor) * scale) }).ToList();
            bounds = Bounds(boxes);
        }

        var low = _build.Min + new Vec3(Margin, Margin, Margin);
        var high = _build.Max - new Vec3(Margin, Margin, Margin);
        shift = new Vec3(Push(bounds.Min.X, bounds.Max.X, low.X, high.X), Push(bounds.Min.Y, bounds.Max.Y, low.Y, high.Y), Push(bounds.Min.Z, bounds.Max.Z, low.Z, high.Z));
        var parts = new List<CandidatePart>();
        foreach (var b in boxes)
        {
            var size = Round(b.Size);
            var making = Making.Cheapest(_makings, size, _benchmark.Limits.Quantity, _costs) ?? _makings[0];
            var (madeSize, euler) = making.Process == ManufacturingProcess.InjectionMoulding ? MouldedPart.Orient(size, b.Euler) : (size, b.Euler);
            parts.Add(new CandidatePart(b.Name, b.Role, madeSize, Round(b.Centre + shift), euler, mount, making));
        }

        return parts;
    }

    private static Aabb Bounds(IEnumerable<Box> boxes) =>
        boxes.Select(b => OrientedBox.From(b.Centre, b.Size, Rotation.FromOpenScadEuler(b.Euler)).Bounds).Aggregate((a, b) => a.Union(b));

    /// <summary>How far to move [min, max] so that it lies inside [low, high] (centred when it cannot).</summary>
    private static double Push(double min, double max, double low, double high) =>
        max - min > high - low ? ((low + high) / 2) - ((min + max) / 2)
        : min < low ? low - min
        : max > high ? high - max
        : 0;

    /// <summary>OpenSCAD Euler angles (degrees, 0.01° steps) of the rotation whose columns are the given unit axes.</summary>
    internal static Vec3 Euler(Vec3 x, Vec3 y, Vec3 z)
    {
        var ry = Math.Asin(Math.Clamp(-x.Z, -1, 1));
        double rx, rz;
        if (Math.Abs(x.Z) < 0.999999)
        {
            rx = Math.Atan2(y.Z, z.Z);
            rz = Math.Atan2(x.Y, x.X);
        }
        else
        {
            rx = Math.Atan2(-z.Y, y.Y);
            rz = 0;
        }

        const double Degrees = 180 / Math.PI;
        return new Vec3(Math.Round(rx * Degrees, 2), Math.Round(ry * Degrees, 2), Math.Round(rz * Degrees, 2));
    }

    /// <summary>Two unit vectors square to the axis and to each other (right-handed with it).</summary>
    private static (Vec3 U, Vec3 V) Perpendiculars(Vec3 axis)
    {
        var helper = Math.Abs(axis.Z) < 0.9 ? new Vec3(0, 0, 1) : new Vec3(1, 0, 0);
        var u = helper.Cross(axis).Normalized();
        return (u, axis.Cross(u).Normalized());
    }

    private Vec3 Point(double x, double y, double z) => new(Lerp(_build.Min.X, _build.Max.X, x), Lerp(_build.Min.Y, _build.Max.Y, y), Lerp(_build.Min.Z, _build.Max.Z, z));

    private static Vec3 Round(Vec3 v) => new(Math.Round(v.X, 5), Math.Round(v.Y, 5), Math.Round(v.Z, 5));

    private sealed record Box(string Name, string Role, Vec3 Size, Vec3 Centre, Vec3 Euler);
}
