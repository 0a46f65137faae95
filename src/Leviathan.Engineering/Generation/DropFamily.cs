using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Drop onto a target: a ball falls straight down onto the floor; the goal lies to one side. A solution deflects
/// it (a ramp below the drop point). Randomized: drop height, side and distance of the goal (close goals may lie
/// under the drop point: trivial), ball size and material, in half of the draws a post standing somewhere between
/// the drop point and the goal (it may block the way, deflect the ball, or reach into the ball's start: invalid),
/// frictions, time limit and limits.
/// </summary>
public sealed class DropFamily : IBenchmarkFamily
{
    public string Name => "drop";

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var radius = random.Uniform(0.012, 0.03);
        var height = random.Uniform(0.15, 0.5);
        var x0 = random.Uniform(-0.15, 0.15);
        var side = random.Next(2) == 0 ? -1 : 1;
        var distance = random.Uniform(0.03, 0.4);
        var goalCentre = x0 + (side * distance);
        var goalHalf = random.Uniform(0.03, 0.09);
        var nearEdge = goalCentre - (side * goalHalf);
        var buildFar = x0 - (side * 0.1);
        var fixtures = new List<FixtureSpec> { Floor(random) };
        if (random.NextDouble() < 0.5)
        {
            var postHeight = random.Uniform(0.03, 0.3);
            var postX = x0 + (side * random.Uniform(-0.05, distance));
            fixtures.Add(new FixtureSpec { Name = "post", Shape = Box(random.Uniform(0.02, 0.06), 0.1, postHeight), Pose = At(postX, 0, postHeight / 2), Friction = random.Uniform(0.4, 0.9) });
        }

        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A ball is dropped from {height:0.###} m. Get it into the goal zone {distance:0.###} m to the {(side > 0 ? "right (+x)" : "left (-x)")} of the drop point within the time limit."),
            Fixtures = fixtures,
            Payload = new PayloadSpec
            {
                Name = "ball",
                Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = radius },
                Material = PayloadMaterial(random),
                Pose = At(x0, 0, height),
                Jitter = new JitterSpec { Position = [0.01, 0.01, 0] },
                Friction = random.Uniform(0.4, 0.8),
            },
            Zones = new ZonesSpec
            {
                Build = Zone(null, Math.Min(buildFar, nearEdge - (side * 0.01)), -0.1, 0, Math.Max(buildFar, nearEdge - (side * 0.01)), 0.1, height - radius - 0.03),
                Goal = Zone("target", goalCentre - goalHalf, -0.12, 0, goalCentre + goalHalf, 0.12, 0.08),
            },
            Limits = Limits(random),
            // Objective any_time, not settle: the ball would roll on across a flat floor goal (contacts have no rolling resistance: MuJoCo's default condim 3) and the build zone ends at the goal's near edge, so no part can stop it there; a delivered variant needs a build zone around the goal.
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.AnyTime, TimeLimit = random.Uniform(2, 3) },
        };
    }
}
