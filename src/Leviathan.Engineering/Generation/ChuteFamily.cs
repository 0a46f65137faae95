using System.Globalization;
using Leviathan.Engineering.Benchmarks;
using static Leviathan.Engineering.Generation.FamilyDraws;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// Under the baffle and up into the tray: a ball is dropped in front of a baffle, a wall across the whole floor that
/// hangs down to a little above the ball's diameter and reaches above the drop point; behind it stands a platform
/// higher than the baffle's lower edge, with a tray on top (a low lip at the front, a back wall), the goal. The ball
/// has to pass under the baffle and then rise onto the platform: its path must turn from falling to rolling to
/// climbing, which no straight ramp does (a ramp low enough to pass under the baffle ends below the platform's top).
/// The solver's curved guide (<c>SearchSpace.CurvedGuide.cs</c>) makes this turn. Left alone the ball drops onto the
/// floor and stays. Randomized: ball size and material, drop point and height, the baffle's position and opening, the
/// platform's distance and height above the opening, the lip's height, the tray's depth, frictions, time limit and
/// limits; tight openings and high platforms make unsolved candidates.
/// </summary>
public sealed class ChuteFamily : IBenchmarkFamily
{
    public string Name => "chute";

    /// <summary>Four parts: the baffle stands across the line from the ball to the tray, so the solver lays a curved guide, at least four segments.</summary>
    public FamilyLevelInputs LevelInputs => new(MinParts: 4, Motors: 0, StartJitter);

    /// <summary>The payload's start jitter (half-ranges, metres), the same in every draw.</summary>
    private static JitterSpec StartJitter => new() { Position = [0.004, 0.004, 0] };

    public BenchmarkSpec Create(string id, long seed, Random random)
    {
        const double Baffle = 0.01;
        const double PlatformLength = 0.3;
        const double TrayWidth = 0.7;
        var radius = random.Uniform(0.012, 0.02);
        var x0 = random.Uniform(-0.28, -0.18);
        var z0 = random.Uniform(0.22, 0.34);
        var xb = random.Uniform(-0.06, 0);
        var opening = random.Uniform((2 * radius) + 0.025, (2 * radius) + 0.05);
        var top = z0 + 0.12;
        var xp = xb + (Baffle / 2) + random.Uniform(0.08, 0.16);
        var height = opening + random.Uniform(0.002, 0.02);
        var lip = random.Uniform(0.005, 0.009);
        var tray = random.Uniform(0.15, 0.25);
        return new BenchmarkSpec
        {
            Version = BenchmarkSpec.CurrentVersion,
            Id = id,
            Family = Name,
            Seed = seed,
            Description = string.Create(CultureInfo.InvariantCulture, $"A ball is dropped {z0:0.###} m above the floor in front of a baffle that leaves a {opening:0.###} m high opening above the floor. Behind it a {height:0.###} m high platform carries a tray (the goal zone). Get the ball under the baffle and up into the tray, where it must come to rest."),
            Fixtures =
            [
                Floor(random),
                new FixtureSpec { Name = "baffle", Shape = Box(Baffle, 0.7, top - opening), Pose = At(xb, 0, (opening + top) / 2), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec { Name = "platform", Shape = Box(PlatformLength, TrayWidth, height), Pose = At(xp + (PlatformLength / 2), 0, height / 2), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec { Name = "tray-lip", Shape = Box(0.006, TrayWidth, lip), Pose = At(xp + 0.003, 0, height + (lip / 2)), Friction = random.Uniform(0.4, 0.8) },
                new FixtureSpec { Name = "tray-back", Shape = Box(0.01, TrayWidth, 0.12), Pose = At(xp + tray + 0.005, 0, height + 0.06), Friction = random.Uniform(0.4, 0.8) },
            ],
            Payload = new PayloadSpec
            {
                Name = "ball",
                Shape = new ShapeSpec { Type = ShapeKind.Sphere, Radius = radius },
                Material = PayloadMaterial(random),
                Pose = At(x0, 0, z0),
                Jitter = StartJitter,
                Friction = random.Uniform(0.4, 0.8),
            },
            Zones = new ZonesSpec
            {
                Build = Zone(null, x0 - 0.06, -0.1, 0, xp - 0.002, 0.1, z0 - radius - 0.03),
                Goal = Zone("tray", xp + 0.011, -0.3, height, xp + tray - 0.005, 0.3, height + 0.06),
            },
            Limits = Limits(random),
            Objective = new ObjectiveSpec { Kind = ObjectiveKind.Settle, TimeLimit = random.Uniform(3, 4.5) },
        };
    }
}
