using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Through a flap gate: a ball is dropped in front of a wall across the whole floor; the only way through is a low
/// door closed by a flap hanging on a passive hinge (a fixture with a <see cref="HingeSpec"/>) that opens away from
/// the ball only. Behind the wall a back wall closes a chamber, the goal: a ball that pushed the flap open and came
/// through cannot roll back out (the flap does not open towards the ball), so it settles there. Left alone the ball
/// drops onto the floor and stays in front of the wall. A solution turns the fall into a roll fast enough to push the
/// flap open (a ramp, or a curved guide). Randomized: ball size and material, drop point and height, the wall's
/// position, the door's width and height, the flap's thickness, material and gap above the floor (heavy flaps and
/// light balls make unsolved candidates), the chamber's depth, frictions, time limit and limits.
/// </summary>
public sealed class GateFamily : IBenchmarkFamily
{
    public string Name => "gate";

    /// <summary>Four parts: the wall stands across the line from the ball to the chamber, so the solver lays a curved guide, at least four segments.</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 4, Motors: 0, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.005, 0.005, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        const double FloorWidth = 0.7;
        const double Wall = 0.02;
        var radius = random.Uniform(0.012, 0.022);
        var x0 = random.Uniform(-0.3, -0.16);
        var z0 = random.Uniform(0.16, 0.32);
        var xw = random.Uniform(0, 0.08);
        var door = random.Uniform((2 * radius) + 0.03, 0.14);
        var doorHeight = random.Uniform((2 * radius) + 0.01, (2 * radius) + 0.05);
        var top = z0 + 0.1;
        var flapThickness = random.Uniform(0.003, 0.006);
        var flapBottom = random.Uniform(0.003, 0.008);
        var flapTop = doorHeight + 0.01;
        var flapX = xw + (Wall / 2) + 0.0015 + (flapThickness / 2);
        var jamb = (FloorWidth - door) / 2;
        var back = xw + (Wall / 2) + random.Uniform(0.1, 0.2);
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A ball is dropped {z0:0.###} m above the floor in front of a wall. The only way through is a {door:0.###} m wide door closed by the flap 'flap', hinged at its top and opening away from the ball only. Get the ball through it into the chamber behind the wall (the goal zone), where it must come to rest."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "wall-left", Shape = Box(Wall, jamb, top), Pose = At(xw, -(door / 2) - (jamb / 2), top / 2), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec { Name = "wall-right", Shape = Box(Wall, jamb, top), Pose = At(xw, (door / 2) + (jamb / 2), top / 2), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec { Name = "lintel", Shape = Box(Wall, door, top - doorHeight), Pose = At(xw, 0, (doorHeight + top) / 2), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec
                {
                    Name = "flap",
                    Shape = Box(flapThickness, door + 0.02, flapTop - flapBottom),
                    Pose = At(flapX, 0, (flapTop + flapBottom) / 2),
                    Friction = random.Uniform(0.3, 0.6),
                    Material = random.Pick(new[] { "pla", "hardwood" }),
                    // Turning about -y by a positive angle swings the flap's lower edge away from the ball (+x).
                    Hinge = new HingeSpec { Anchor = [Math.Round(flapX, 5), 0, Math.Round(flapTop, 5)], Axis = [0, -1, 0], Range = [0, 100] },
                },
                new FixtureSpec { Name = "back-wall", Shape = Box(Wall, FloorWidth, 0.08), Pose = At(back + (Wall / 2), 0, 0.04), Friction = random.Uniform(0.4, 0.8) },
            ],
            Payload = new PayloadSpec
            {
                Name = "ball",
                Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = radius },
                Material = random.Pick(new[] { "steel", "aluminium_6061", "hardwood" }),
                Pose = At(x0, 0, z0),
                Jitter = StartJitter,
                Friction = random.Uniform(0.4, 0.8),
            },
            Zones = new ZonesSpec
            {
                Build = Zone(null, x0 - 0.08, -0.1, 0, xw - (Wall / 2) - 0.005, 0.1, z0 - radius - 0.03),
                Goal = Zone("chamber", flapX + (flapThickness / 2) + 0.005, -0.3, 0, back - 0.005, 0.3, 0.08),
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(3, 4.5) },
        };
    }
}
