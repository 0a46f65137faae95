using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Sorting two payloads into two goals: a red ball and a blue ball are dropped side by side (red on the left, −x;
/// blue on the right, +x); the floor has two bins sunk into it, the red one beyond the red ball's drop point on the
/// left and the blue one beyond the blue ball's on the right, each with a backstop on its far side. Each ball must
/// settle in its own bin (objective <c>settle</c>, judged per ball: the benchmark is met only when both are). Left
/// alone both balls land on the floor between the bins. A solution gives each ball its own way (e.g. one ramp under
/// each drop point, sloping outwards); a ramp that sends both balls the same way, or each into the other's bin,
/// fails. Randomized: ball sizes and materials, drop heights and positions, distances and widths of the bins (close
/// bins may catch a bouncing ball: trivial), bin depths, in half of the draws a divider post standing between the
/// two drop points (it may reach into a ball's start: invalid), frictions, time limit and limits.
/// </summary>
public sealed class SortingFamily : IBenchmarkFamily
{
    public string Name => "sorting";

    /// <summary>Two parts: each ball needs its own way to its own bin (one ramp under each drop point).</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 2, Motors: 0, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.008, 0.008, 0] };

    /// <summary>Half the extent of the floor and bins across the balls' paths (y).</summary>
    private const double HalfWidth = 0.35;

    private const double Thickness = 0.02;

    private const double Left = -0.8;

    private const double Right = 0.8;

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        var red = Ball(random, -1);
        var blue = Ball(random, +1);
        var depth = Math.Round((1.3 * Math.Max(red.Radius, blue.Radius)) + random.Uniform(0.004, 0.015), 4);
        var (redLo, redHi) = (red.Bin - red.BinHalf, red.Bin + red.BinHalf);
        var (blueLo, blueHi) = (blue.Bin - blue.BinHalf, blue.Bin + blue.BinHalf);
        var friction = random.Uniform(0.5, 0.9);
        var fixtures = new List<FixtureSpec>
        {
            Slab("floor-left", Left, redLo, depth, friction),
            Slab("floor-middle", redHi, blueLo, depth, friction),
            Slab("floor-right", blueHi, Right, depth, friction),
            new() { Name = "bin-red-bottom", Shape = Box(redHi - redLo, 2 * HalfWidth, Thickness), Pose = At((redLo + redHi) / 2, 0, -depth - (Thickness / 2)), Friction = friction },
            new() { Name = "bin-blue-bottom", Shape = Box(blueHi - blueLo, 2 * HalfWidth, Thickness), Pose = At((blueLo + blueHi) / 2, 0, -depth - (Thickness / 2)), Friction = friction },
            new() { Name = "backstop-red", Shape = Box(0.02, 2 * HalfWidth, 0.12), Pose = At(redLo - 0.01, 0, 0.06), Friction = friction },
            new() { Name = "backstop-blue", Shape = Box(0.02, 2 * HalfWidth, 0.12), Pose = At(blueHi + 0.01, 0, 0.06), Friction = friction },
        };
        if (random.NextDouble() < 0.5)
        {
            var postHeight = random.Uniform(0.03, 0.3);
            var postWidth = random.Uniform(0.01, 0.04);
            var postX = ((red.X + blue.X) / 2) + random.Uniform(-0.02, 0.02);
            fixtures.Add(new FixtureSpec { Name = "divider", Shape = Box(postWidth, 0.2, postHeight), Pose = At(postX, 0, postHeight / 2), Friction = random.Uniform(0.4, 0.9) });
        }

        // The build zone spans from the red bin's near edge to the blue bin's, under both drop points.
        var top = Math.Min(red.Height - red.Radius, blue.Height - blue.Radius) - 0.03;
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"Sort two balls: the red ball dropped from {red.Height:0.###} m on the left must come to rest in the red bin, {red.X - red.Bin:0.###} m further left (-x), and the blue ball dropped from {blue.Height:0.###} m on the right in the blue bin, {blue.Bin - blue.X:0.###} m further right (+x), within the time limit. Each ball counts only in its own bin."),
            Fixtures = fixtures,
            Payload = Payload("red", red, random, "bin-red"),
            ExtraPayloads = [Payload("blue", blue, random, "bin-blue")],
            Zones = new ZonesSpec
            {
                Build = Zone(null, redHi + 0.01, -0.1, 0, blueLo - 0.01, 0.1, top),
                Goal = Zone("bin-red", redLo, -HalfWidth, -depth, redHi, HalfWidth, 0),
                ExtraGoals = [Zone("bin-blue", blueLo, -HalfWidth, -depth, blueHi, HalfWidth, 0)],
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(2.5, 3.5) },
        };
    }

    /// <summary>One ball on side −1 (left) or +1 (right): its drop point, height and size, and its bin's centre and half-width.</summary>
    private static (double X, double Height, double Radius, double Bin, double BinHalf) Ball(Random random, int side)
    {
        var radius = random.Uniform(0.012, 0.025);
        var x = side * random.Uniform(0.04, 0.12);
        var height = random.Uniform(0.18, 0.45);
        var half = random.Uniform(0.04, 0.08);
        var bin = x + (side * (random.Uniform(0.06, 0.3) + half));
        return (x, height, radius, bin, half);
    }

    private static PayloadSpec Payload(string name, (double X, double Height, double Radius, double Bin, double BinHalf) ball, Random random, string goal) => new()
    {
        Name = name,
        Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = ball.Radius },
        Material = PayloadMaterial(random),
        Pose = At(ball.X, 0, ball.Height),
        Jitter = StartJitter,
        Friction = random.Uniform(0.4, 0.8),
        Goal = goal,
    };

    /// <summary>A floor slab from <paramref name="x0"/> to <paramref name="x1"/>, as thick as the bins are deep (so the bins have walls all the way down).</summary>
    private static FixtureSpec Slab(string name, double x0, double x1, double depth, double friction) => new()
    {
        Name = name,
        Shape = Box(x1 - x0, 2 * HalfWidth, depth + Thickness),
        Pose = At((x0 + x1) / 2, 0, -(depth + Thickness) / 2),
        Friction = friction,
    };
}
