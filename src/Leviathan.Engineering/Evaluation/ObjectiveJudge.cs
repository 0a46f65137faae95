using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Evaluation;

/// <summary>
/// Judges a payload's sampled path against the benchmark's objective, the same way for the evaluator and the
/// solver's screening: <c>any_time</c> (centre in the goal at some sample), <c>at_end</c> (at the last sample) or
/// <c>settle</c> (in the goal for <see cref="ObjectiveSpec.HoldTime"/> without a break, slower than
/// <see cref="ObjectiveSpec.SettleSpeed"/> between samples). A path that leaves the world box is judged only up to
/// that sample and fails.
/// </summary>
internal static class ObjectiveJudge
{
    /// <summary>Grown on the sides and below the scene for the default world box (metres).</summary>
    public const double WorldMargin = 0.1;

    /// <summary>Headroom above the scene in the default world box (metres): things may be thrown up and fall back.</summary>
    public const double WorldHeadroom = 1.0;

    public static ObjectiveVerdict Judge(IReadOnlyList<Vec3> path, IReadOnlyList<double> times, Aabb goal, Aabb world, ObjectiveSpec objective)
    {
        var count = path.Count;
        double? left = null;
        for (var i = 0; i < path.Count; i++)
        {
            if (!world.Contains(path[i]))
            {
                count = i;
                left = times[i];
                break;
            }
        }

        if (count == 0)
        {
            return new ObjectiveVerdict(false, null, path.Count > 0 ? goal.DistanceTo(path[0]) : double.PositiveInfinity, double.PositiveInfinity, 0, left);
        }

        var closest = double.PositiveInfinity;
        double? entered = null;
        double? heldFrom = null;
        double? runStart = null;
        var longest = 0.0;
        for (var i = 0; i < count; i++)
        {
            var distance = goal.DistanceTo(path[i]);
            closest = Math.Min(closest, distance);
            entered ??= distance == 0 ? times[i] : null;
            var slow = i == 0 || (path[i] - path[i - 1]).Length <= objective.SettleSpeed * Math.Max(1e-9, times[i] - times[i - 1]);
            if (distance == 0 && slow)
            {
                runStart ??= times[i];
                var run = times[i] - runStart.Value;
                longest = Math.Max(longest, run);
                if (run >= objective.HoldTime - 1e-9)
                {
                    heldFrom ??= runStart;
                }
            }
            else
            {
                runStart = null;
            }
        }

        var final = goal.DistanceTo(path[count - 1]);
        var met = left is null && objective.Kind switch
        {
            ObjectiveKind.AtEnd => final == 0,
            ObjectiveKind.AnyTime => entered is not null,
            ObjectiveKind.Settle => heldFrom is not null,
            _ => throw new ArgumentOutOfRangeException(nameof(objective), objective.Kind, "unknown objective"),
        };
        var timeToGoal = objective.Kind == ObjectiveKind.Settle ? heldFrom : entered;
        return new ObjectiveVerdict(met, timeToGoal, closest, final, longest, left);
    }

    /// <summary>The benchmark's world box: <see cref="WorldSpec.Bounds"/>, or the default around everything in the scene.</summary>
    public static Aabb WorldBox(BenchmarkSpec benchmark)
    {
        if (benchmark.World.Bounds is { } bounds)
        {
            return bounds.ToAabb();
        }

        var box = benchmark.AllPayloads().Aggregate(Aabb.Empty, (all, payload) => all.Include(Vec3.From(payload.Pose.Position)));
        foreach (var fixture in benchmark.Fixtures)
        {
            var pose = fixture.Pose.ToPose();
            var half = fixture.Shape.Type switch
            {
                ShapeKind.Box => Vec3.From(fixture.Shape.Size!) / 2,
                ShapeKind.Sphere => new Vec3(fixture.Shape.Radius!.Value, fixture.Shape.Radius.Value, fixture.Shape.Radius.Value),
                ShapeKind.Cylinder => new Vec3(fixture.Shape.Radius!.Value, fixture.Shape.Radius.Value, fixture.Shape.Height!.Value / 2),
                _ => Vec3.Zero, // a mesh fixture: its pose; the margin and the zones cover the rest
            };
            for (var corner = 0; corner < 8; corner++)
            {
                var local = new Vec3((corner & 1) == 0 ? -half.X : half.X, (corner & 2) == 0 ? -half.Y : half.Y, (corner & 4) == 0 ? -half.Z : half.Z);
                box = box.Include(pose.Apply(local));
            }
        }

        foreach (var zone in benchmark.Zones.Forbid.Concat(benchmark.AllGoals().Select(g => g.Zone)).Append(benchmark.Zones.Build))
        {
            box = box.Union(zone.ToAabb());
        }

        foreach (var motor in benchmark.Motors.Where(m => m.Anchor is not null))
        {
            box = box.Include(Vec3.From(motor.Anchor!));
        }

        return new Aabb(box.Min - new Vec3(WorldMargin, WorldMargin, WorldMargin), box.Max + new Vec3(WorldMargin, WorldMargin, WorldHeadroom));
    }
}
