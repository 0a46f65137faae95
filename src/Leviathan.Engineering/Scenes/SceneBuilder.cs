using System.Globalization;
using System.Xml.Linq;
using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Rendering;
using Leviathan.Simulation.Mjcf;
using SimQuat = Leviathan.Simulation.Quat;
using SimVec3 = Leviathan.Simulation.Vec3;

namespace Leviathan.Engineering.Scenes;

/// <summary>
/// Assembles a benchmark (and optionally a solution) into one MJCF model. Fixtures are static world geoms (a
/// hinged fixture a body on a passive, limited, damped hinge joint at its anchor), the payload a free body, motors position servos on a hinge or slide joint, zones non-colliding sites.
/// Parts are mesh geoms (millimetre meshes scaled to metres) in their own bodies (a part with a hinge on a passive,
/// limited, damped hinge joint at its anchor), with the inertial
/// properties computed from their meshes; MuJoCo collides meshes as their convex hulls.
/// </summary>
public static class SceneBuilder
{
    /// <summary>Position-servo stiffness: the motor reaches its force limit at this error (radians or metres).</summary>
    public const double FullForceError = 0.05;

    /// <summary>Rotor inertia (kg·m²) or slider mass (kg) added to every motor joint; keeps stiff servos stable.</summary>
    public const double Armature = 0.01;

    private static readonly Rgba FixtureColour = new(0.6, 0.6, 0.6, 1);
    /// <summary>The payload orange, extra payloads blue, purple, yellow, … (cycling).</summary>
    private static readonly Rgba[] PayloadColours = [new(0.9, 0.4, 0.1, 1), new(0.1, 0.4, 0.9, 1), new(0.6, 0.2, 0.8, 1), new(0.9, 0.8, 0.1, 1)];

    /// <summary>The benchmark's environment only (for <c>bench scene</c>).</summary>
    public static XDocument Environment(BenchmarkSpec benchmark, string benchmarkDirectory) =>
        Build(benchmark, benchmarkDirectory, [], new Dictionary<string, Vec3>(), benchmark.Payload.Pose.ToPose());

    /// <summary>Environment plus solution parts, with every payload at its pose of <paramref name="start"/>.</summary>
    public static XDocument Build(
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        IReadOnlyList<ScenePart> parts,
        IReadOnlyDictionary<string, Vec3> solutionAnchors,
        Evaluation.JudgeStart start) =>
        Build(benchmark, benchmarkDirectory, parts, solutionAnchors, start.Pose, start.Others);

    /// <summary>
    /// Environment plus solution parts, with the payload starting at <paramref name="payloadPose"/> and the extra
    /// payloads at <paramref name="otherPoses"/> (in the order of <c>extra_payloads</c>; at their nominal starts when null).
    /// </summary>
    public static XDocument Build(
        BenchmarkSpec benchmark,
        string benchmarkDirectory,
        IReadOnlyList<ScenePart> parts,
        IReadOnlyDictionary<string, Vec3> solutionAnchors,
        Pose payloadPose,
        IReadOnlyList<Pose>? otherPoses = null)
    {
        var meshes = new List<MjcfMesh>();
        var worldGeoms = new List<MjcfGeom>();
        var worldBodies = new List<MjcfBody>();
        var sites = new List<MjcfSite>();
        var actuators = new List<MjcfActuator>();

        foreach (var fixture in benchmark.Fixtures)
        {
            var pose = fixture.Pose.ToPose();
            var geom = Shape(fixture.Shape, SceneNames.Fixture(fixture.Name), meshes, benchmarkDirectory) with
            {
                Pos = Sim(pose.Position),
                Quat = Sim(pose.Rotation),
                Friction = [fixture.Friction, 0.005, 0.0001],
                Color = FixtureColour,
            };
            if (fixture.Hinge is { } hinge)
            {
                worldBodies.Add(HingedFixture(fixture, hinge, geom, pose));
            }
            else
            {
                worldGeoms.Add(geom);
            }
        }

        var payloads = benchmark.AllPayloads();
        for (var i = 0; i < payloads.Count; i++)
        {
            var payload = payloads[i];
            var pose = i == 0 ? payloadPose : otherPoses is { } others && i - 1 < others.Count ? others[i - 1] : payload.Pose.ToPose();
            var payloadGeom = Shape(payload.Shape, payload.Name, meshes, benchmarkDirectory) with
            {
                Friction = [payload.Friction, 0.005, 0.0001],
                Color = PayloadColours[i % PayloadColours.Length],
                Mass = payload.Mass,
                Density = payload.Material is { } material ? MaterialTable.Get(material).Density : null,
            };
            worldBodies.Add(new MjcfBody
            {
                Name = payload.Name,
                Pos = Sim(pose.Position),
                Quat = Sim(pose.Rotation),
                Joints = [new MjcfJoint(string.Empty, MjcfJointType.Free)],
                Geoms = [payloadGeom],
            });
        }

        foreach (var part in parts.Where(p => p.Mount is "world" or "free"))
        {
            var body = PartBody(part, part.Pose, meshes, free: part.Mount == "free");
            worldBodies.Add(part.Hinge is { } hinge && part.Mount == "world" ? body with { Joints = [PartHinge(part, hinge)] } : body);
        }

        foreach (var motor in benchmark.Motors)
        {
            var anchor = motor.Anchor is { } fixedAnchor ? Vec3.From(fixedAnchor) : solutionAnchors.GetValueOrDefault(motor.Name, Vec3.Zero);
            if (motor.Anchor is null && !solutionAnchors.ContainsKey(motor.Name))
            {
                continue; // a motor the solution may place but did not use
            }

            var mounted = parts.Where(p => p.Mount == motor.Name)
                .Select(p => PartBody(p, p.Pose with { Position = p.Pose.Position - anchor }, meshes, free: false))
                .ToList();
            var hinge = motor.Type == MotorKind.Hinge;
            var range = hinge
                ? new MjcfRange(Radians(motor.Range[0]), Radians(motor.Range[1]))
                : new MjcfRange(motor.Range[0], motor.Range[1]);
            var kp = motor.Limit / FullForceError;
            worldBodies.Add(new MjcfBody
            {
                Name = SceneNames.MotorBody(motor.Name),
                Pos = Sim(anchor),
                Joints =
                [
                    new MjcfJoint(SceneNames.Joint(motor.Name), hinge ? MjcfJointType.Hinge : MjcfJointType.Slide)
                    {
                        Axis = Sim(Vec3.From(motor.Axis).Normalized()),
                        Range = range,
                        Armature = Armature,
                        Damping = 2 * Math.Sqrt(kp * Armature),
                    },
                ],
                // A small hub with mass so the joint is dynamic even with nothing mounted; it collides with nothing.
                Geoms = [new MjcfGeom(MjcfGeomType.Sphere) { Name = SceneNames.MotorBody(motor.Name) + "-hub", Size = [0.01], Mass = 0.01, Contype = 0, Conaffinity = 0, Color = new Rgba(0.2, 0.2, 0.2, 1) }],
                Bodies = mounted,
            });
            actuators.Add(new MjcfActuator(MjcfActuatorKind.Position, SceneNames.Actuator(motor.Name), SceneNames.Joint(motor.Name))
            {
                Kp = kp,
                CtrlRange = range,
                ForceRange = new MjcfRange(-motor.Limit, motor.Limit),
            });
        }

        sites.Add(ZoneSite(SceneNames.Zone("build", null), benchmark.Zones.Build, new Rgba(0.2, 0.4, 1, 0.08)));
        sites.Add(ZoneSite(SceneNames.Zone("goal", null), benchmark.Zones.Goal, new Rgba(0.1, 0.9, 0.2, 0.2)));
        foreach (var goal in benchmark.Zones.ExtraGoals ?? [])
        {
            sites.Add(ZoneSite(SceneNames.Zone("goal", goal.Name), goal, new Rgba(0.1, 0.7, 0.9, 0.2)));
        }
        for (var i = 0; i < benchmark.Zones.Forbid.Count; i++)
        {
            sites.Add(ZoneSite(SceneNames.Zone("forbid", benchmark.Zones.Forbid[i].Name ?? i.ToString(CultureInfo.InvariantCulture)), benchmark.Zones.Forbid[i], new Rgba(1, 0.1, 0.1, 0.2)));
        }

        var model = new MjcfModel
        {
            Name = benchmark.Id,
            Compiler = new MjcfCompiler { Angle = "radian" },
            Option = new MjcfOption { Timestep = benchmark.World.Timestep, Gravity = Sim(Vec3.From(benchmark.World.Gravity)) },
            Meshes = meshes,
            Worldbody = new MjcfBody { Geoms = worldGeoms, Sites = sites, Bodies = worldBodies },
            Actuators = actuators,
        };

        return MjcfWriter.ToDocument(model);
    }

    /// <summary>A hinged fixture: a body at the hinge's anchor with a passive hinge joint (limited to its range, damped) and the fixture's geom placed relative to the anchor.</summary>
    private static MjcfBody HingedFixture(FixtureSpec fixture, HingeSpec hinge, MjcfGeom geom, Pose pose)
    {
        var anchor = Vec3.From(hinge.Anchor);
        return new MjcfBody
        {
            Name = SceneNames.Fixture(fixture.Name),
            Pos = Sim(anchor),
            Joints =
            [
                new MjcfJoint(SceneNames.Joint(SceneNames.Fixture(fixture.Name)), MjcfJointType.Hinge)
                {
                    Axis = Sim(Vec3.From(hinge.Axis).Normalized()),
                    Range = new MjcfRange(Radians(hinge.Range[0]), Radians(hinge.Range[1])),
                    Damping = hinge.Damping,
                },
            ],
            Geoms = [geom with { Pos = Sim(pose.Position - anchor), Density = MaterialTable.Get(fixture.Material!).Density }],
        };
    }

    /// <summary>
    /// A solution part's passive hinge: a limited, damped hinge joint in the part's own body, placed at the anchor and
    /// turning about the axis (both given in the world frame, so expressed in the body's frame here).
    /// </summary>
    private static MjcfJoint PartHinge(ScenePart part, HingeSpec hinge)
    {
        var inverse = new Rotation(part.Pose.Rotation.W, -part.Pose.Rotation.X, -part.Pose.Rotation.Y, -part.Pose.Rotation.Z);
        return new MjcfJoint(SceneNames.Joint(SceneNames.Part(part.Name)), MjcfJointType.Hinge)
        {
            Pos = Sim(inverse.Apply(Vec3.From(hinge.Anchor) - part.Pose.Position)),
            Axis = Sim(inverse.Apply(Vec3.From(hinge.Axis).Normalized())),
            Range = new MjcfRange(Radians(hinge.Range[0]), Radians(hinge.Range[1])),
            Damping = hinge.Damping,
        };
    }

    private static MjcfBody PartBody(ScenePart part, Pose pose, List<MjcfMesh> meshes, bool free)
    {
        var meshName = "mesh-" + part.Name;
        meshes.Add(new MjcfMesh(meshName, part.Part.StlPath) { Scale = new SimVec3(0.001, 0.001, 0.001) });
        return new MjcfBody
        {
            Name = SceneNames.Part(part.Name),
            Pos = Sim(pose.Position),
            Quat = Sim(pose.Rotation),
            Inertial = Inertial(part),
            Joints = free ? [new MjcfJoint(string.Empty, MjcfJointType.Free)] : [],
            Geoms =
            [
                new MjcfGeom(MjcfGeomType.Mesh)
                {
                    Name = SceneNames.Part(part.Name),
                    Mesh = meshName,
                    Color = MaterialColours.Of(part.Material.Id),
                    Friction = [part.Friction, 0.005, 0.0001],
                },
            ],
        };
    }

    /// <summary>
    /// The part's computed mass properties in its body frame (metres, kg): centre of mass and the full inertia
    /// tensor about it, so MuJoCo does not infer them from the convex hull it collides with.
    /// </summary>
    private static MjcfInertial Inertial(ScenePart part)
    {
        var properties = part.Part.Properties;
        var centre = properties.Centroid * 0.001;
        return new MjcfInertial(Math.Max(part.Part.Mass(part.Material.Density), 1e-9), Sim(centre))
        {
            FullInertia = properties.InertiaPerDensity.Scale(part.Material.Density * 1e-15).ToArray(),
        };
    }

    private static MjcfGeom Shape(ShapeSpec shape, string name, List<MjcfMesh> meshes, string directory)
    {
        switch (shape.Type)
        {
            case ShapeKind.Box:
                return new MjcfGeom(MjcfGeomType.Box) { Name = name, Size = shape.Size!.Select(s => s / 2).ToArray() };
            case ShapeKind.Sphere:
                return new MjcfGeom(MjcfGeomType.Sphere) { Name = name, Size = [shape.Radius!.Value] };
            case ShapeKind.Cylinder:
                return new MjcfGeom(MjcfGeomType.Cylinder) { Name = name, Size = [shape.Radius!.Value, shape.Height!.Value / 2] };
            default:
                var meshName = "mesh-" + name;
                meshes.Add(new MjcfMesh(meshName, Path.GetFullPath(Path.Combine(directory, shape.Mesh!))));
                return new MjcfGeom(MjcfGeomType.Mesh) { Name = name, Mesh = meshName };
        }
    }

    private static MjcfSite ZoneSite(string name, ZoneSpec zone, Rgba colour)
    {
        var box = zone.ToAabb();
        return new MjcfSite(name)
        {
            Type = MjcfGeomType.Box,
            Size = (box.Size / 2).ToArray(),
            Pos = Sim(box.Center),
            Color = colour,
        };
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;

    private static SimVec3 Sim(Vec3 v) => new(v.X, v.Y, v.Z);

    private static SimQuat Sim(Rotation r) => new(r.W, r.X, r.Y, r.Z);
}
