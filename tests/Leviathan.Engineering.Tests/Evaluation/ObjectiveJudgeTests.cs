using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Evaluation;
using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Tests.Evaluation;

public sealed class ObjectiveJudgeTests
{
    private static readonly Aabb Goal = new(new Vec3(1, -0.1, 0), new Vec3(1.2, 0.1, 0.1));
    private static readonly Aabb World = new(new Vec3(-1, -1, -0.1), new Vec3(5, 1, 2));

    /// <summary>A path sampled at 100 Hz: x(t) for t = 0, 0.01, …, seconds (y = 0, z = 0.05).</summary>
    private static (List<Vec3> Path, List<double> Times) Path(double seconds, Func<double, double> x, Func<double, double>? z = null)
    {
        var times = Enumerable.Range(0, (int)Math.Round(seconds * 100) + 1).Select(i => i / 100.0).ToList();
        return (times.Select(t => new Vec3(x(t), 0, z?.Invoke(t) ?? 0.05)).ToList(), times);
    }

    private static ObjectiveVerdict Judge((List<Vec3> Path, List<double> Times) run, ObjectiveKind kind, double holdTime = 0.5) =>
        ObjectiveJudge.Judge(run.Path, run.Times, Goal, World, new ObjectiveSpec { Kind = kind, TimeLimit = 3, HoldTime = holdTime });

    [Fact]
    public void Judge_PassingThroughTheGoal_MeetsAnyTimeButNotSettleOrAtEnd()
    {
        var flung = Path(3, t => t); // 1 m/s straight through the goal and beyond

        Judge(flung, ObjectiveKind.AnyTime).Met.ShouldBeTrue();
        Judge(flung, ObjectiveKind.AnyTime).TimeToGoal!.Value.ShouldBe(1, 1e-9);
        Judge(flung, ObjectiveKind.Settle).Met.ShouldBeFalse();
        Judge(flung, ObjectiveKind.Settle).LongestHold.ShouldBe(0);
        Judge(flung, ObjectiveKind.AtEnd).Met.ShouldBeFalse();
    }

    [Fact]
    public void Judge_ComingToRestInTheGoal_SettlesFromWhenItStopped()
    {
        var delivered = Path(3, t => Math.Min(t, 1.1)); // enters at 1 s, stops at 1.1 s and stays

        var verdict = Judge(delivered, ObjectiveKind.Settle);

        verdict.Met.ShouldBeTrue();
        verdict.TimeToGoal!.Value.ShouldBe(1.11, 1e-9); // the first slow sample inside
        verdict.LongestHold.ShouldBe(1.89, 1e-9);
    }

    [Fact]
    public void Judge_HeldShorterThanTheHoldTime_DoesNotSettle()
    {
        var bounced = Path(3, t => t < 1.05 ? t : t < 1.45 ? 1.05 : 1.05 + (t - 1.45)); // rests 0.4 s, then rolls out

        var verdict = Judge(bounced, ObjectiveKind.Settle);

        verdict.Met.ShouldBeFalse();
        verdict.LongestHold.ShouldBe(0.39, 0.011);
        Judge(bounced, ObjectiveKind.Settle, holdTime: 0.3).Met.ShouldBeTrue();
    }

    [Fact]
    public void Judge_CreepingFasterThanTheSettleSpeed_DoesNotSettle()
    {
        var creeping = Path(2.6, t => Math.Min(1.0 + (0.08 * t), 1.19)); // inside at 8 cm/s, at rest only for the last 0.2 s

        Judge(creeping, ObjectiveKind.Settle).Met.ShouldBeFalse();
        Judge(creeping, ObjectiveKind.AnyTime).Met.ShouldBeTrue();
    }

    [Fact]
    public void Judge_FallingOutOfTheWorldAfterTheGoal_FailsAtOnceWithTheTime()
    {
        var fell = Path(3, t => Math.Min(t, 1.1), t => t < 2 ? 0.05 : 0.05 - (3 * (t - 2))); // settled, then drops below the floor

        var verdict = Judge(fell, ObjectiveKind.AnyTime);

        verdict.Met.ShouldBeFalse();
        verdict.LeftWorldAt!.Value.ShouldBe(2.06, 1e-9);
        Judge(fell, ObjectiveKind.Settle).Met.ShouldBeFalse();
    }

    [Fact]
    public void WorldBox_Default_IsTheSceneGrownByTheMarginAndTheHeadroom()
    {
        var benchmark = BenchmarkLoader.Load(TestPaths.Benchmark("ramp-to-goal"));
        var floor = benchmark.Fixtures.Single(f => f.Name == "floor");
        var floorBottom = floor.Pose.Position[2] - (floor.Shape.Size![2] / 2);

        var world = ObjectiveJudge.WorldBox(benchmark);

        world.Min.Z.ShouldBe(floorBottom - ObjectiveJudge.WorldMargin, 1e-9);
        world.Contains(Vec3.From(benchmark.Payload.Pose.Position)).ShouldBeTrue();
        ObjectiveJudge.WorldBox(benchmark with { World = benchmark.World with { Bounds = new ZoneSpec { Min = [-1, -1, -1], Max = [1, 1, 1] } } })
            .ShouldBe(new Aabb(new Vec3(-1, -1, -1), new Vec3(1, 1, 1)));
    }
}
