using System.Text.RegularExpressions;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Meshes;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>The rules of a benchmark beyond its JSON shape. Every violation is reported with its path.</summary>
public static partial class BenchmarkValidator
{
    public static IReadOnlyList<SpecError> Validate(BenchmarkSpec spec, string? baseDirectory)
    {
        var e = new SpecErrors();
        e.Require(spec.Version == BenchmarkSpec.CurrentVersion, "$.version", $"unsupported version {spec.Version}; this build reads version {BenchmarkSpec.CurrentVersion}");
        e.Require(IdPattern().IsMatch(spec.Id), "$.id", $"'{spec.Id}' is not a valid id; use lowercase letters, digits and '-'");
        e.Require(!string.IsNullOrWhiteSpace(spec.Family), "$.family", "family must not be empty");

        e.Length(spec.World.Gravity, 3, "$.world.gravity");
        e.Require(spec.World.Timestep is > 0 and <= 0.01, "$.world.timestep", $"timestep must be in (0, 0.01] seconds, found {SpecErrors.F(spec.World.Timestep)}");

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Fixtures.Count; i++)
        {
            var fixture = spec.Fixtures[i];
            var path = $"$.fixtures[{i}]";
            e.Require(NamePattern().IsMatch(fixture.Name), $"{path}.name", $"'{fixture.Name}' is not a valid name; use letters, digits, '_' and '-'");
            e.Require(names.Add(fixture.Name), $"{path}.name", $"the name '{fixture.Name}' is used twice");
            ValidateShape(e, fixture.Shape, $"{path}.shape", baseDirectory, allowMesh: true);
            ValidatePose(e, fixture.Pose, $"{path}.pose");
            e.NonNegative(fixture.Friction, $"{path}.friction", "friction");
            ValidateHinge(e, fixture, path);
        }

        ValidatePayload(e, spec.Payload, "$.payload", names, baseDirectory);
        var extraPayloads = spec.ExtraPayloads ?? [];
        for (var i = 0; i < extraPayloads.Count; i++)
        {
            ValidatePayload(e, extraPayloads[i], $"$.extra_payloads[{i}]", names, baseDirectory);
        }

        for (var i = 0; i < spec.Motors.Count; i++)
        {
            var motor = spec.Motors[i];
            var path = $"$.motors[{i}]";
            e.Require(NamePattern().IsMatch(motor.Name), $"{path}.name", $"'{motor.Name}' is not a valid name");
            e.Require(names.Add(motor.Name), $"{path}.name", $"the name '{motor.Name}' is used twice");
            e.Require(motor.Name is not ("world" or "free"), $"{path}.name", "'world' and 'free' are reserved mount names");
            e.Length(motor.Axis, 3, $"{path}.axis");
            e.Require(motor.Axis.Count == 3 && motor.Axis.Any(v => v != 0), $"{path}.axis", "the axis must not be zero");
            e.Length(motor.Range, 2, $"{path}.range");
            e.Require(motor.Range.Count == 2 && motor.Range[0] < motor.Range[1], $"{path}.range", "range must be [lower, upper] with lower < upper");
            e.Positive(motor.Limit, $"{path}.limit", "limit");
            if (motor.Placement == MotorPlacement.Fixed)
            {
                e.Require(motor.Anchor is not null, $"{path}.anchor", "a motor with placement 'fixed' needs an anchor");
                e.Length(motor.Anchor, 3, $"{path}.anchor");
            }
            else
            {
                e.Require(motor.Anchor is null, $"{path}.anchor", "a motor with placement 'solution' gets its anchor from the solution; remove it here");
            }
        }

        ValidateZone(e, spec.Zones.Build, "$.zones.build");
        ValidateZone(e, spec.Zones.Goal, "$.zones.goal");
        ValidateGoals(e, spec);
        for (var i = 0; i < spec.Zones.Forbid.Count; i++)
        {
            ValidateZone(e, spec.Zones.Forbid[i], $"$.zones.forbid[{i}]");
        }

        var limits = spec.Limits;
        e.Positive(limits.MaxUnitCost, "$.limits.max_unit_cost", "max_unit_cost");
        e.Positive(limits.MaxWeight, "$.limits.max_weight", "max_weight");
        e.Require(limits.Quantity >= 1, "$.limits.quantity", $"quantity must be 1 or more, found {limits.Quantity}");
        e.Require(limits.Processes.Count > 0, "$.limits.processes", "allow at least one process");
        e.Require(limits.Materials.Count > 0, "$.limits.materials", "allow at least one material");
        for (var i = 0; i < limits.Materials.Count; i++)
        {
            e.Require(MaterialTable.TryGet(limits.Materials[i], out _), $"$.limits.materials[{i}]", $"unknown material '{limits.Materials[i]}'; known: {MaterialTable.KnownIds}");
        }

        e.Require(spec.Objective.TimeLimit is > 0 and <= 120, "$.objective.time_limit", $"time_limit must be in (0, 120] seconds, found {SpecErrors.F(spec.Objective.TimeLimit)}");
        e.Require(spec.Objective.HoldTime > 0 && spec.Objective.HoldTime < spec.Objective.TimeLimit, "$.objective.hold_time", $"hold_time must be more than 0 and less than time_limit ({SpecErrors.F(spec.Objective.TimeLimit)} s), found {SpecErrors.F(spec.Objective.HoldTime)}");
        e.Positive(spec.Objective.SettleSpeed, "$.objective.settle_speed", "settle_speed");
        if (spec.World.Bounds is { } bounds)
        {
            ValidateZone(e, bounds, "$.world.bounds");
            foreach (var payload in spec.AllPayloads().Where(p => p.Pose.Position.Count == 3 && bounds.Min.Count == 3 && bounds.Max.Count == 3))
            {
                e.Require(bounds.ToAabb().Contains(Vec3.From(payload.Pose.Position)), "$.world.bounds", $"the world box must contain the start of payload '{payload.Name}'");
            }
        }

        return e.Items;
    }

    private static void ValidatePayload(SpecErrors e, PayloadSpec payload, string path, HashSet<string> names, string? baseDirectory)
    {
        e.Require(NamePattern().IsMatch(payload.Name), $"{path}.name", $"'{payload.Name}' is not a valid name");
        e.Require(names.Add(payload.Name), $"{path}.name", $"the name '{payload.Name}' is already used by a fixture or another payload");
        ValidateShape(e, payload.Shape, $"{path}.shape", baseDirectory, allowMesh: false);
        ValidatePose(e, payload.Pose, $"{path}.pose");
        e.Require((payload.Material is null) != (payload.Mass is null), path, "give exactly one of 'material' and 'mass'");
        if (payload.Material is not null)
        {
            e.Require(MaterialTable.TryGet(payload.Material, out _), $"{path}.material", $"unknown material '{payload.Material}'; known: {MaterialTable.KnownIds}");
        }

        if (payload.Mass is { } mass)
        {
            e.Positive(mass, $"{path}.mass", "mass");
        }

        e.Length(payload.Jitter.Position, 3, $"{path}.jitter.position");
        e.Length(payload.Jitter.Rotation, 3, $"{path}.jitter.rotation");
        e.Require(payload.Jitter.Position.All(v => v >= 0) && payload.Jitter.Rotation.All(v => v >= 0), $"{path}.jitter", "jitter half-ranges must be zero or more");
        e.NonNegative(payload.Friction, $"{path}.friction", "friction");
    }

    /// <summary>
    /// The goal zones and which payload goes where: extra goal zones are named, uniquely, and each is some extra
    /// payload's goal; every extra payload names an existing goal zone; the payload's own 'goal', if given, names zones.goal.
    /// </summary>
    private static void ValidateGoals(SpecErrors e, BenchmarkSpec spec)
    {
        var extraGoals = spec.Zones.ExtraGoals ?? [];
        var extraPayloads = spec.ExtraPayloads ?? [];
        var mainGoal = spec.Zones.Goal.Name ?? Deliveries.DefaultGoalName;
        var goalNames = new List<string> { mainGoal };
        for (var i = 0; i < extraGoals.Count; i++)
        {
            var path = $"$.zones.extra_goals[{i}]";
            ValidateZone(e, extraGoals[i], path);
            if (extraGoals[i].Name is not { } name)
            {
                e.Add($"{path}.name", "an extra goal zone needs a 'name', which the payloads that must reach it give as their 'goal'");
                continue;
            }

            e.Require(!goalNames.Contains(name, StringComparer.Ordinal), $"{path}.name", $"the goal zone name '{name}' is used twice");
            goalNames.Add(name);
            e.Require(extraPayloads.Any(p => p.Goal == name), $"{path}.name", $"no payload has '{name}' as its goal; name it in an extra payload's 'goal' or remove the zone");
        }

        var known = string.Join(", ", goalNames.Select(n => $"'{n}'"));
        if (spec.Payload.Goal is { } own)
        {
            e.Require(own == mainGoal, "$.payload.goal", $"the payload's goal is zones.goal ('{mainGoal}'), not '{own}'; leave 'goal' out or give '{mainGoal}' (to send a payload elsewhere, list it in extra_payloads)");
        }

        for (var i = 0; i < extraPayloads.Count; i++)
        {
            var path = $"$.extra_payloads[{i}].goal";
            if (extraPayloads[i].Goal is not { } goal)
            {
                e.Add(path, $"an extra payload needs 'goal', the name of the goal zone it must reach; goal zones: {known}");
            }
            else
            {
                e.Require(goalNames.Contains(goal, StringComparer.Ordinal), path, $"no goal zone is named '{goal}'; goal zones: {known} (zones.goal and zones.extra_goals)");
            }
        }
    }

    private static void ValidateShape(SpecErrors e, ShapeSpec shape, string path, string? baseDirectory, bool allowMesh)
    {
        switch (shape.Type)
        {
            case ShapeKind.Box:
                e.Require(shape.Size is not null, $"{path}.size", "a box needs 'size' [x, y, z]");
                e.Length(shape.Size, 3, $"{path}.size");
                e.Require(shape.Size is null || shape.Size.All(v => v > 0), $"{path}.size", "box sizes must be positive");
                break;
            case ShapeKind.Sphere:
                e.Require(shape.Radius is > 0, $"{path}.radius", "a sphere needs a positive 'radius'");
                break;
            case ShapeKind.Cylinder:
                e.Require(shape.Radius is > 0, $"{path}.radius", "a cylinder needs a positive 'radius'");
                e.Require(shape.Height is > 0, $"{path}.height", "a cylinder needs a positive 'height'");
                break;
            case ShapeKind.Mesh:
                e.Require(allowMesh, $"{path}.type", "the payload must be a sphere, box or cylinder");
                e.Require(!string.IsNullOrWhiteSpace(shape.Mesh), $"{path}.mesh", "a mesh shape needs 'mesh', an STL file path");
                if (allowMesh && !string.IsNullOrWhiteSpace(shape.Mesh) && baseDirectory is not null)
                {
                    var file = Path.Combine(baseDirectory, shape.Mesh);
                    if (!File.Exists(file))
                    {
                        e.Add($"{path}.mesh", $"mesh file not found: {file}");
                    }
                    else if (!StlReader.IsBinary(File.ReadAllBytes(file)))
                    {
                        e.Add($"{path}.mesh", $"{file} is not a binary STL; MuJoCo 2.2.2 reads binary STL only (OpenSCAD: --export-format binstl)");
                    }
                }

                break;
        }

        var extra = shape.Type switch
        {
            ShapeKind.Box => new[] { (shape.Radius is not null, "radius"), (shape.Height is not null, "height"), (shape.Mesh is not null, "mesh") },
            ShapeKind.Sphere => [(shape.Size is not null, "size"), (shape.Height is not null, "height"), (shape.Mesh is not null, "mesh")],
            ShapeKind.Cylinder => [(shape.Size is not null, "size"), (shape.Mesh is not null, "mesh")],
            _ => [(shape.Size is not null, "size"), (shape.Radius is not null, "radius"), (shape.Height is not null, "height")],
        };
        foreach (var (present, field) in extra)
        {
            e.Require(!present, $"{path}.{field}", $"'{field}' does not apply to a {shape.Type.ToString().ToLowerInvariant()}; remove it");
        }
    }

    private static void ValidateHinge(SpecErrors e, FixtureSpec fixture, string path)
    {
        if (fixture.Hinge is not { } hinge)
        {
            e.Require(fixture.Material is null, $"{path}.material", "'material' applies to hinged fixtures only (a static fixture has no mass); remove it or add 'hinge'");
            return;
        }

        e.Require(fixture.Shape.Type != ShapeKind.Mesh, $"{path}.shape.type", "a hinged fixture must be a box, sphere or cylinder");
        e.Require(fixture.Material is not null, $"{path}.material", "a hinged fixture needs 'material' (its mass follows from its volume)");
        if (fixture.Material is not null)
        {
            e.Require(MaterialTable.TryGet(fixture.Material, out _), $"{path}.material", $"unknown material '{fixture.Material}'; known: {MaterialTable.KnownIds}");
        }

        e.Length(hinge.Anchor, 3, $"{path}.hinge.anchor");
        e.Finite(hinge.Anchor, $"{path}.hinge.anchor");
        e.Length(hinge.Axis, 3, $"{path}.hinge.axis");
        e.Require(hinge.Axis.Count == 3 && hinge.Axis.Any(v => v != 0), $"{path}.hinge.axis", "the axis must not be zero");
        e.Length(hinge.Range, 2, $"{path}.hinge.range");
        e.Require(hinge.Range.Count == 2 && hinge.Range[0] <= 0 && hinge.Range[1] >= 0 && hinge.Range[0] < hinge.Range[1], $"{path}.hinge.range", "range must be [lower, upper] degrees with lower <= 0 <= upper and lower < upper (0 is the fixture's pose)");
        e.NonNegative(hinge.Damping, $"{path}.hinge.damping", "damping");
    }

    private static void ValidatePose(SpecErrors e, PoseSpec pose, string path)
    {
        e.Length(pose.Position, 3, $"{path}.position");
        e.Length(pose.Rotation, 3, $"{path}.rotation");
        e.Finite(pose.Position, $"{path}.position");
    }

    private static void ValidateZone(SpecErrors e, ZoneSpec zone, string path)
    {
        e.Length(zone.Min, 3, $"{path}.min");
        e.Length(zone.Max, 3, $"{path}.max");
        if (zone.Min.Count == 3 && zone.Max.Count == 3)
        {
            e.Require(Enumerable.Range(0, 3).All(i => zone.Min[i] < zone.Max[i]), path, "every 'min' coordinate must be below the matching 'max' coordinate");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    internal static partial Regex NamePattern();
}
