using System.Xml.Linq;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Leviathan.Simulation;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;
using Leviathan.Simulation.Running;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// Simulates a benchmark with already-made parts from given payload start poses (the evaluator's jitter samples,
/// or the jitter range's corners, see <see cref="JitterStarts"/>) and measures, per start,
/// whether the payload met the objective and how far it stayed from the goal. A positive goal margin judges
/// against the goal zone moved in by that much, so that what passes is not a near thing. Used to screen solver candidates
/// and to prove a benchmark non-trivial (no parts at all).
/// </summary>
internal static class ScreeningRun
{
    /// <summary>
    /// The outcome of one jittered run: met the objective; the solver's score (how far it missed in metres, 0 when
    /// met, plus penalties for forbid zones and stalled motors); the payload centre's real closest approach to the
    /// goal zone in metres (no penalty, no goal margin); an error; and why the run ended early, if it did.
    /// With several payloads: met means every payload met the objective in its own goal, the miss is the sum of the
    /// payloads' misses and the closest approach the nearest any payload came to its goal; <see cref="Delivered"/> names
    /// the payloads that met it.
    /// </summary>
    public readonly record struct Sample(bool Reached, double Miss, double Closest, string? Error, SimulationStopReason? Stopped = null)
    {
        /// <summary>The payloads that met the objective in their own goal zones (in a stable run).</summary>
        public IReadOnlyList<string> Delivered { get; init; } = [];
    }

    /// <summary>Added to the miss distance (metres) of a run in which the payload touched a forbid zone, plus the seconds it spent there.</summary>
    private const double ForbidPenalty = 0.2;

    private const int SampleRateHz = 100;

    /// <summary>
    /// Every joint speed at or under this (m/s, rad/s) for <see cref="RestSeconds"/>, with the controls settled,
    /// counts as a scene at rest: the run ends there and is judged as if the payload stayed put until the time limit.
    /// </summary>
    internal const double RestSpeed = 1e-4;

    internal const double RestSeconds = 0.1;

    /// <summary>The evaluator's default: a motor at its limit this long without a break is beyond its limit.</summary>
    private static readonly double StallSeconds = new EvaluationOptions().MotorStallSeconds;

    public static async Task<IReadOnlyList<Sample>> RunAsync(
        SimulationClient simulation,
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        IReadOnlyList<ScenePart> parts,
        IReadOnlyDictionary<string, Vec3> anchors,
        IReadOnlyList<ControlSpec> controls,
        IReadOnlyList<JudgeStart> starts,
        double goalMargin,
        CancellationToken cancellationToken) =>
        await RunAsync(simulation, benchmark, benchmarkDirectory, parts, anchors, controls, starts, goalMargin, earlyStop: true, ScreeningBuffers.Contacts, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="earlyStop"/> each run ends as soon as its verdict is decided
    /// (<see cref="StopRules"/>), which gives the same verdicts as running every start to the time limit. With a
    /// <paramref name="contactCapacity"/> each scene is compiled with contact and constraint buffers sized by it
    /// (<see cref="ScreeningBuffers"/>) and run again with MuJoCo's default sizes should they overflow, which gives the
    /// same results as the default sizes throughout; without, every scene has the default sizes.
    /// </summary>
    internal static async Task<IReadOnlyList<Sample>> RunAsync(
        SimulationClient simulation,
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        IReadOnlyList<ScenePart> parts,
        IReadOnlyDictionary<string, Vec3> anchors,
        IReadOnlyList<ControlSpec> controls,
        IReadOnlyList<JudgeStart> starts,
        double goalMargin,
        bool earlyStop,
        Func<XDocument, int>? contactCapacity,
        CancellationToken cancellationToken)
    {
        var signals = controls.ToDictionary(
            c => SceneNames.Actuator(c.Motor),
            c => ControlSignals.From(c, benchmark.Motors.Single(m => m.Name == c.Motor).Type, benchmark.Objective.TimeLimit),
            StringComparer.Ordinal);
        var deliveries = Deliveries.Of(benchmark);
        var world = ObjectiveJudge.WorldBox(benchmark);
        var forbid = benchmark.Zones.Forbid.Select(z => z.ToAabb()).ToList();
        var assets = Path.GetDirectoryName(parts.FirstOrDefault()?.Part.StlPath) ?? benchmarkDirectory;
        var files = InMemoryFiles(parts);
        var runs = starts.Select(async start =>
        {
            var scene = SceneBuilder.Build(benchmark, benchmarkDirectory, parts, anchors, start);
            var request = new SimulationRequest
            {
                Model = ModelSource.FromXml(contactCapacity is null ? scene.ToString() : ScreeningBuffers.Sized(scene, contactCapacity(scene)), assets, files),
                Seconds = benchmark.Objective.TimeLimit,
                Controls = signals,
                Bodies = [.. deliveries.Select(d => d.Payload.Name)],
                SampleRateHz = SampleRateHz,
                StopWhen = earlyStop ? StopRules(benchmark, Shrink(deliveries[0].GoalBox, goalMargin), world) : null,
            };
            var result = await simulation.SimulateAsync(request, cancellationToken);
            if (contactCapacity is not null && result.BuffersFilled)
            {
                result = await simulation.SimulateAsync(request with { Model = ModelSource.FromXml(scene.ToString(), assets, files) }, cancellationToken);
            }
            if (result.Error is { } error)
            {
                return new Sample(false, double.PositiveInfinity, double.PositiveInfinity, error.Message);
            }

            var stopped = result.Stopped?.Reason;
            var unstable = result.Instability is not null;
            var judged = deliveries.Select((d, i) => JudgePayload(benchmark, d, start.Poses[i], result, goalMargin, world, forbid)).ToList();
            var reached = !unstable && judged.All(j => j.Met);
            var approach = judged.Min(j => j.Approach);
            var miss = judged.Sum(j => j.Miss);
            var delivered = unstable ? [] : judged.Where(j => j.Met).Select(j => j.Name).ToList();
            if (judged.Any(j => j.Left))
            {
                return new Sample(false, judged.Sum(j => j.Left ? Math.Min(j.Miss, 1) + ForbidPenalty : j.Miss), approach, null, stopped) { Delivered = delivered };
            }

            // As the evaluator judges it: a motor held at its limit for too long (or beyond it) fails the sample.
            var stall = benchmark.Motors
                .Select(m => result.Actuators.GetValueOrDefault(SceneNames.Actuator(m.Name)) is { } forces
                    ? (forces.PeakForce > m.Limit * (1 + 1e-6) ? 1 : 0) + (forces.LongestAtLimit >= StallSeconds ? forces.LongestAtLimit : 0)
                    : 0)
                .DefaultIfEmpty(0)
                .Max();
            var clamped = result.Warnings.Any(w => w.Code == FindingCodes.ControlClamped);
            if (stall > 0 || clamped)
            {
                return new Sample(false, miss + ForbidPenalty + stall, approach, null, stopped) { Delivered = delivered };
            }

            // As the evaluator judges it: a payload's centre within its inscribed radius of a forbid zone.
            if (judged.Any(j => j.InsideForbid > 0))
            {
                return new Sample(false, miss + judged.Sum(j => j.InsideForbid > 0 ? ForbidPenalty + (j.InsideForbid / (double)SampleRateHz) : 0), approach, null, stopped) { Delivered = delivered };
            }

            return new Sample(reached, unstable ? Math.Max(miss, 1) : miss, approach, result.Instability?.Reason, stopped) { Delivered = delivered };
        });
        return await Task.WhenAll(runs);
    }

    /// <summary>The STLs of parts made in memory (<see cref="Parts.CadPart.StlData"/>), by the file name the scene gives them.</summary>
    private static Dictionary<string, byte[]> InMemoryFiles(IReadOnlyList<ScenePart> parts)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var part in parts)
        {
            if (part.Part.StlData is { } data)
            {
                files[Path.GetFileName(part.Part.StlPath)] = data;
            }
        }

        return files;
    }

    /// <summary>
    /// One payload's part of a run: met the objective in its own goal (moved in by the margin); its miss score (metres,
    /// 0 when met); its real closest approach to its goal; whether it left the world box; samples it spent in a forbid zone.
    /// </summary>
    private static (string Name, bool Met, double Miss, double Approach, bool Left, int InsideForbid) JudgePayload(
        BenchmarkSpec benchmark, Delivery delivery, Pose start, SimulationResult result, double goalMargin, Aabb world, List<Aabb> forbid)
    {
        var zone = delivery.GoalBox;
        var goal = Shrink(zone, goalMargin);
        var reach = InscribedRadius(delivery.Payload.Shape);
        var path = result.Trajectories.GetValueOrDefault(delivery.Payload.Name) ?? [];
        var positions = path.Select(p => new Vec3(p.X, p.Y, p.Z)).ToList();
        IReadOnlyList<double> times = result.SampleTimes;
        if (positions.Count == 0)
        {
            positions.Add(start.Position);
            times = [0.0];
        }
        else if (result.Stopped?.Reason == SimulationStopReason.AtRest)
        {
            // Nothing moves and no control changes any more: the payload stays where it is until the time limit.
            var end = Math.Round(Math.Ceiling((benchmark.Objective.TimeLimit / result.Timestep) - 1e-9) * result.Timestep, 12);
            positions.Add(positions[^1]);
            times = [.. times, end];
        }

        var verdict = ObjectiveJudge.Judge(positions, times, goal, world, benchmark.Objective);
        var judged = verdict.LeftWorldAt is null ? positions.Count : Math.Max(1, positions.FindIndex(p => !world.Contains(p)));
        var approach = positions.Take(judged).Min(zone.DistanceTo);

        // At-end and settle objectives: half the final distance plus half the closest approach, so that a payload
        // that got into the goal and left again scores better than one that never came near (0 only when met);
        // settle adds up to 5 mm for a hold shorter than required.
        var miss = benchmark.Objective.Kind switch
        {
            ObjectiveKind.AtEnd => (verdict.Final + verdict.Closest) / 2,
            ObjectiveKind.Settle => verdict.Met ? 0 : ((Math.Min(verdict.Final, 1) + verdict.Closest) / 2) + (0.005 * (1 - Math.Min(1, verdict.LongestHold / benchmark.Objective.HoldTime))),
            _ => verdict.Closest,
        };
        var inside = verdict.LeftWorldAt is null ? positions.Count(p => forbid.Any(f => f.DistanceTo(p) <= reach)) : 0;
        return (delivery.Payload.Name, verdict.Met, miss, approach, verdict.LeftWorldAt is not null, inside);
    }

    /// <summary>
    /// When a screening run may end before the time limit without changing its verdict: the payload left the world
    /// box (judged a miss there); the whole scene came to rest with the controls settled (the payload stays put); for a
    /// settle objective, the payload can no longer stay in the goal for the hold time before the limit. With several
    /// payloads only the rest rule applies: the run goes on while any payload can still change its verdict.
    /// </summary>
    internal static SimulationStopRules StopRules(BenchmarkSpec benchmark, Aabb goal, Aabb world)
    {
        if (benchmark.HasSeveralPayloads())
        {
            return new SimulationStopRules { Body = benchmark.Payload.Name, RestSpeed = RestSpeed, RestSeconds = RestSeconds };
        }

        var settle = benchmark.Objective.Kind == ObjectiveKind.Settle;
        return new SimulationStopRules
        {
            Body = benchmark.Payload.Name,
            WorldMin = ToSimulation(world.Min),
            WorldMax = ToSimulation(world.Max),
            RestSpeed = RestSpeed,
            RestSeconds = RestSeconds,
            HoldMin = settle ? ToSimulation(goal.Min) : null,
            HoldMax = settle ? ToSimulation(goal.Max) : null,
            HoldSeconds = settle ? benchmark.Objective.HoldTime : null,
            HoldSpeed = benchmark.Objective.SettleSpeed,
        };
    }

    private static Leviathan.Simulation.Vec3 ToSimulation(Vec3 v) => new(v.X, v.Y, v.Z);

    /// <summary>The zone moved in by the margin on every side (by at most a quarter of its extent per axis).</summary>
    private static Aabb Shrink(Aabb zone, double margin)
    {
        var size = zone.Size;
        var m = new Vec3(Math.Min(margin, size.X / 4), Math.Min(margin, size.Y / 4), Math.Min(margin, size.Z / 4));
        return new Aabb(zone.Min + m, zone.Max - m);
    }

    private static double InscribedRadius(ShapeSpec shape) => shape.Type switch
    {
        ShapeKind.Sphere => shape.Radius!.Value,
        ShapeKind.Box => shape.Size!.Min() / 2,
        ShapeKind.Cylinder => Math.Min(shape.Radius!.Value, shape.Height!.Value / 2),
        _ => 0,
    };
}
