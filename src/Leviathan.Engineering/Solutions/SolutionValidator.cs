using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Json;
using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Materials;

namespace Leviathan.Engineering.Solutions;

/// <summary>
/// The rules a solution must meet to be evaluated at all (well-formed, files present, names resolvable
/// against the benchmark). Breaking a benchmark limit is not a spec error; the evaluator reports it.
/// </summary>
public static class SolutionValidator
{
    public static IReadOnlyList<SpecError> Validate(SolutionSpec spec, BenchmarkSpec benchmark, string folder)
    {
        var e = new SpecErrors();
        e.Require(spec.Version == SolutionSpec.CurrentVersion, "$.version", $"unsupported version {spec.Version}; this build reads version {SolutionSpec.CurrentVersion}");
        e.Require(spec.Parts.Count > 0, "$.parts", "a solution needs at least one part");
        var motors = benchmark.Motors.ToDictionary(m => m.Name, StringComparer.Ordinal);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Parts.Count; i++)
        {
            var part = spec.Parts[i];
            var path = $"$.parts[{i}]";
            e.Require(BenchmarkValidator.NamePattern().IsMatch(part.Name), $"{path}.name", $"'{part.Name}' is not a valid name; use letters, digits, '_' and '-'");
            e.Require(names.Add(part.Name), $"{path}.name", $"the part name '{part.Name}' is used twice");
            e.Require(part.File.EndsWith(".scad", StringComparison.Ordinal), $"{path}.file", $"'{part.File}' is not an OpenSCAD file (.scad)");
            var file = Path.GetFullPath(Path.Combine(folder, part.File));
            e.Require(file.StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal), $"{path}.file", "the file must lie inside the solution folder");
            e.Require(File.Exists(file), $"{path}.file", $"file not found: {file}");
            if (MaterialTable.TryGet(part.Material, out var material))
            {
                e.Require(material.Processes.Contains(part.Process), $"{path}.process",
                    $"{material.Name} cannot be shaped by {ProcessNames.Of(part.Process)}; its processes: {string.Join(", ", material.Processes.Select(ProcessNames.Of))}");
            }
            else
            {
                e.Add($"{path}.material", $"unknown material '{part.Material}'; known: {MaterialTable.KnownIds}");
            }

            e.Length(part.Position, 3, $"{path}.position");
            e.Length(part.Rotation, 3, $"{path}.rotation");
            e.Finite(part.Position, $"{path}.position");
            e.Require(part.Friction is >= 0 and <= 5, $"{path}.friction", $"friction must be from 0 to 5, not {part.Friction.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            e.Require(part.Mount is "world" or "free" || motors.ContainsKey(part.Mount), $"{path}.mount",
                $"'{part.Mount}' is neither 'world', 'free' nor a motor of the benchmark ({string.Join(", ", motors.Keys.DefaultIfEmpty("none"))})");
            if (part.Hinge is { } hinge)
            {
                ValidateHinge(e, part, hinge, benchmark, $"{path}.hinge");
            }
        }

        var anchored = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Motors.Count; i++)
        {
            var anchor = spec.Motors[i];
            var path = $"$.motors[{i}]";
            e.Length(anchor.Anchor, 3, $"{path}.anchor");
            e.Require(anchored.Add(anchor.Name), $"{path}.name", $"motor '{anchor.Name}' is anchored twice");
            if (!motors.TryGetValue(anchor.Name, out var motor))
            {
                e.Add($"{path}.name", $"the benchmark has no motor '{anchor.Name}'");
            }
            else
            {
                e.Require(motor.Placement == MotorPlacement.Solution, $"{path}.name", $"motor '{anchor.Name}' has a fixed anchor in the benchmark; remove it here");
            }
        }

        foreach (var motor in benchmark.Motors.Where(m => m.Placement == MotorPlacement.Solution && !anchored.Contains(m.Name)))
        {
            e.Require(!spec.Parts.Any(p => p.Mount == motor.Name), "$.motors", $"parts are mounted on motor '{motor.Name}', which needs an anchor here");
        }

        var controlled = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < spec.Controls.Count; i++)
        {
            var control = spec.Controls[i];
            var path = $"$.controls[{i}]";
            e.Require(motors.ContainsKey(control.Motor), $"{path}.motor", $"the benchmark has no motor '{control.Motor}'");
            e.Require(controlled.Add(control.Motor), $"{path}.motor", $"motor '{control.Motor}' has two controls");
            ValidateProfile(e, control, path);
        }

        return e.Items;
    }

    /// <summary>A part's passive hinge: on a world-mounted part, anchored inside the build zone, with a usable axis, range and damping.</summary>
    private static void ValidateHinge(SpecErrors e, PartSpec part, HingeSpec hinge, BenchmarkSpec benchmark, string path)
    {
        e.Require(part.Mount == "world", path, $"a hinged part turns about a pivot fixed to the world, so its mount must be 'world', not '{part.Mount}'; remove 'hinge' to mount it on '{part.Mount}'");
        e.Length(hinge.Anchor, 3, $"{path}.anchor");
        e.Finite(hinge.Anchor, $"{path}.anchor");
        if (hinge.Anchor.Count == 3 && hinge.Anchor.All(double.IsFinite))
        {
            var build = benchmark.Zones.Build.ToAabb();
            e.Require(build.Contains(Vec3.From(hinge.Anchor)), $"{path}.anchor",
                $"the hinge anchor {Vec3.From(hinge.Anchor)} m lies outside the build zone ({build.Min} to {build.Max} m); a part's pivot must be inside it");
        }

        e.Length(hinge.Axis, 3, $"{path}.axis");
        e.Finite(hinge.Axis, $"{path}.axis");
        e.Require(hinge.Axis.Count != 3 || hinge.Axis.Any(v => v != 0), $"{path}.axis", "the axis must not be zero; give the direction the part turns about, e.g. [0, 1, 0]");
        e.Length(hinge.Range, 2, $"{path}.range");
        e.Finite(hinge.Range, $"{path}.range");
        e.Require(hinge.Range.Count != 2 || (hinge.Range[0] <= 0 && hinge.Range[1] >= 0 && hinge.Range[0] < hinge.Range[1]), $"{path}.range",
            "range must be [lower, upper] degrees with lower <= 0 <= upper and lower < upper (0 is the part's pose as placed)");
        e.Require(hinge.Range.All(v => Math.Abs(v) <= 360), $"{path}.range", "range limits must lie within -360 to 360 degrees");
        e.NonNegative(hinge.Damping, $"{path}.damping", "damping");
    }

    private static void ValidateProfile(SpecErrors e, ControlSpec c, string path)
    {
        void Needs(double? value, string field) => e.Require(value is not null, $"{path}.{field}", $"the {c.Profile.ToString().ToLowerInvariant()} profile needs '{field}'");

        switch (c.Profile)
        {
            case ControlProfileKind.Constant:
                Needs(c.Value, "value");
                break;
            case ControlProfileKind.Sine:
                Needs(c.Amplitude, "amplitude");
                Needs(c.Frequency, "frequency");
                e.Require(c.Frequency is null or > 0, $"{path}.frequency", "frequency must be positive");
                break;
            case ControlProfileKind.Square:
                Needs(c.Low, "low");
                Needs(c.High, "high");
                Needs(c.Period, "period");
                e.Require(c.Period is null or > 0, $"{path}.period", "period must be positive");
                e.Require(c.Duty is null or >= 0 and <= 1, $"{path}.duty", "duty must be between 0 and 1");
                break;
            case ControlProfileKind.Ramp:
                Needs(c.From, "from");
                Needs(c.To, "to");
                Needs(c.Duration, "duration");
                e.Require(c.Duration is null or >= 0, $"{path}.duration", "duration must be zero or more");
                e.Require(c.Start is null or >= 0, $"{path}.start", "start must be zero or more");
                break;
            case ControlProfileKind.Waypoints:
                e.Require(c.Points is { Count: > 0 }, $"{path}.points", "the waypoints profile needs 'points' [[t, value], ...]");
                if (c.Points is { Count: > 0 } points)
                {
                    for (var i = 0; i < points.Count; i++)
                    {
                        e.Require(points[i].Count == 2, $"{path}.points[{i}]", "each waypoint is [time_s, value]");
                        e.Require(i == 0 || points[i].Count != 2 || points[i - 1].Count != 2 || points[i][0] > points[i - 1][0], $"{path}.points[{i}]", "waypoint times must increase");
                    }
                }

                break;
        }
    }
}
