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
    /// </summary>
    public readonly record struct Sample(bool Reached, double Miss, double Closest, string? Error, SimulationStopReason? Stopped = null);

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
        IReadOnlyList<Pose> starts,
        double goalMargin,
        CancellationToken cancellationToken) =>
        await RunAsync(simulation, benchmark, benchmarkDirectory, parts, anchors, controls, starts, goalMargin, earlyStop: true, cancellationToken);

    /// <summary>
    /// As above; with <paramref name="earlyStop"/> each run ends as soon as its verdict is decided
    /// (<see cref="StopRules"/>), which gives the same verdicts as running every start to the time limit.
    /// </summary>
    public static async Task<IReadOnlyList<Sample>> RunAsync(
        SimulationClient simulation,
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        IReadOnlyList<ScenePart> parts,
        IReadOnlyDictionary<string, Vec3> anchors,
        IReadOnlyList<ControlSpec> controls,
        IReadOnlyList<Pose> starts,
        double goalMargin,
        bool earlyStop,
        CancellationToken cancellationToken)
    {
        var signals = controls.ToDictionary(
            c => SceneNames.Actuator(c.Motor),
            c => ControlSignals.From(c, benchmark.Motors.Single(m => m.Name == c.Motor).Type, benchmark.Objective.TimeLimit),
            StringComparer.Ordinal);
        var zone = benchmark.Zones.Goal.ToAabb();
        var goal = Shrink(zone, goalMargin);
        var forbid = benchmark.Zones.Forbid.Select(z => z.ToAabb()).ToList();
        var reach = InscribedRadius(benchmark.Payload.Shape);
        var world = ObjectiveJudge.WorldBox(benchmark);
        var assets = Path.GetDirectoryName(parts.FirstOrDefault()?.Part.StlPath) ?? benchmarkDirectory;
        var runs = starts.Select(async start =>
        {
            var xml = SceneBuilder.Build(benchmark, benchmarkDirectory, parts, anchors, start).ToString();
            var result = await simulation.SimulateAsync(
                new SimulationRequest
                {
                    Model = ModelSource.FromXml(xml, assets),
                    Seconds = benchmark.Objective.TimeLimit,
                    Controls = signals,
                    Bodies = [benchmark.Payload.Name],
                    SampleRateHz = SampleRateHz,
                    StopWhen = earlyStop ? StopRules(benchmark, goal, world) : null,
                },
                cancellationToken);
            if (result.Error is { } error)
            {
                return new Sample(false, double.PositiveInfinity, double.PositiveInfinity, error.Message);
            }

            var stopped = result.Stopped?.Reason;
            var path = result.Trajectories.GetValueOrDefault(benchmark.Payload.Name) ?? [];
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
            var unstable = result.Instability is not null;
            var reached = !unstable && verdict.Met;

            // At-end and settle objectives: half the final distance plus half the closest approach, so that a payload
            // that got into the goal and left again scores better than one that never came near (0 only when met);
            // settle adds up to 5 mm for a hold shorter than required.
            var miss = benchmark.Objective.Kind switch
            {
                ObjectiveKind.AtEnd => (verdict.Final + verdict.Closest) / 2,
                ObjectiveKind.Settle => reached ? 0 : ((Math.Min(verdict.Final, 1) + verdict.Closest) / 2) + (0.005 * (1 - Math.Min(1, verdict.LongestHold / benchmark.Objective.HoldTime))),
                _ => verdict.Closest,
            };
            if (verdict.LeftWorldAt is not null)
            {
                return new Sample(false, Math.Min(miss, 1) + ForbidPenalty, approach, null, stopped);
            }

            // As the evaluator judges it: the payload's centre within its inscribed radius of a forbid zone.
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
                return new Sample(false, miss + ForbidPenalty + stall, approach, null, stopped);
            }

            var inside = positions.Count(p => forbid.Any(f => f.DistanceTo(p) <= reach));
            if (inside > 0)
            {
                return new Sample(false, miss + ForbidPenalty + (inside / (double)SampleRateHz), approach, null, stopped);
            }

            return new Sample(reached, unstable ? Math.Max(miss, 1) : miss, approach, result.Instability?.Reason, stopped);
        });
        return await Task.WhenAll(runs);
    }

    /// <summary>
    /// When a screening run may end before the time limit without changing its verdict: the payload left the world
    /// box (judged a miss there); the whole scene came to rest with the controls settled (the payload stays put); for a
    /// settle objective, the payload can no longer stay in the goal for the hold time before the limit.
    /// </summary>
    internal static SimulationStopRules StopRules(BenchmarkSpec benchmark, Aabb goal, Aabb world)
    {
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
