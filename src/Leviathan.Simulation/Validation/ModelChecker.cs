using System.Globalization;
using Leviathan.Simulation.Engine;
using Leviathan.Simulation.Geometry;
using Leviathan.Simulation.Native;

namespace Leviathan.Simulation.Validation;

/// <summary>
/// The checks that need MuJoCo (run inside a worker): compile, overlap at t = 0, and stability over N steps.
/// </summary>
internal static class ModelChecker
{
    public static ValidationOutcome Check(ValidateWork work, string? cacheKey)
    {
        MujocoRuntime.DrainWarnings();
        using var model = MujocoModel.Load(work.Model, cacheKey, out var loadError);
        if (model is null)
        {
            return new ValidationOutcome(false, [MujocoMessages.Classify(loadError)], WarningsFrom(MujocoRuntime.DrainWarnings()), new ValidationStats());
        }

        var errors = new List<ModelFinding>();
        var warnings = new List<ModelFinding>();
        if (model.Nv == 0)
        {
            warnings.Add(new ModelFinding(
                FindingCodes.NoDynamics,
                "nothing in the model can move: it has no joints (no degrees of freedom), so simulating it changes nothing"));
        }

        var cpuStart = MujocoNative.lev_thread_cpu_seconds();
        model.Forward();
        var maxPenetration = CheckPenetration(model, work.PenetrationToleranceMm, errors);
        var checkCpuMs = (MujocoNative.lev_thread_cpu_seconds() - cpuStart) * 1000;

        var frames = model.StepChecked(work.Frames, work.MaxSpeed, out var stop, out var speed);
        if (stop != StepStop.None)
        {
            errors.Add(Instability(model, stop, speed, frames, work.MaxSpeed));
        }

        warnings.AddRange(WarningsFrom(MujocoRuntime.DrainWarnings().Where(w => !IsInstabilityWarning(w))));
        var stats = new ValidationStats
        {
            NBody = model.NBody,
            NGeom = model.NGeom,
            NJnt = model.NJnt,
            Nu = model.Nu,
            Nv = model.Nv,
            Frames = frames,
            SimTimeSeconds = frames * model.Timestep,
            MaxPenetrationMm = maxPenetration,
            PenetrationCheckCpuMs = Math.Round(checkCpuMs, 4),
        };
        return new ValidationOutcome(true, errors, warnings, stats);
    }

    /// <summary>The instability finding for a stop of checked stepping at <paramref name="frame"/>.</summary>
    public static ModelFinding Instability(MujocoModel model, StepStop stop, double speed, int frame, double maxSpeed)
    {
        switch (stop)
        {
            case StepStop.MujocoWarning:
                var kinds = new List<string>();
                if (model.WarningCount(MujocoNative.WarnBadQacc) > 0)
                {
                    kinds.Add("bad qacc");
                }

                if (model.WarningCount(MujocoNative.WarnBadQvel) > 0)
                {
                    kinds.Add("bad qvel");
                }

                if (model.WarningCount(MujocoNative.WarnBadQpos) > 0)
                {
                    kinds.Add("bad qpos");
                }

                return new ModelFinding(
                    FindingCodes.Instability,
                    $"the simulation diverged at frame {frame} (t = {Time(model, frame)} s): MuJoCo raised {string.Join(", ", kinds)} and reset the state; reduce the timestep, add damping or armature, or fix masses and contacts");
            case StepStop.NonFinite:
                return new ModelFinding(FindingCodes.Instability, $"the state became NaN or infinite at frame {frame} (t = {Time(model, frame)} s)");
            case StepStop.TooFast:
                return new ModelFinding(
                    FindingCodes.Instability,
                    string.Create(CultureInfo.InvariantCulture, $"a joint reached speed {speed:0.##} at frame {frame} (t = {Time(model, frame)} s), above the limit {maxSpeed:0.##}; the model is probably exploding"));
            default:
                throw new ArgumentOutOfRangeException(nameof(stop), stop, "not a stop");
        }
    }

    private static string Time(MujocoModel model, int frame) => (frame * model.Timestep).ToString("0.####", CultureInfo.InvariantCulture);

    private static double CheckPenetration(MujocoModel model, double toleranceMm, List<ModelFinding> errors)
    {
        var deepest = new Dictionary<(int, int), double>();
        var exact = new Dictionary<(int, int), double>();
        var solids = new Dictionary<int, ConvexSolid?>();
        var max = 0.0;
        for (var i = 0; i < model.ContactCount; i++)
        {
            var (dist, g1, g2, _) = model.Contact(i);
            var depthMm = ExactDepthMm(model, g1, g2, solids, exact) ?? -dist * 1000.0;
            max = Math.Max(max, depthMm);
            var key = g1 < g2 ? (g1, g2) : (g2, g1);
            if (depthMm > toleranceMm && (!deepest.TryGetValue(key, out var seen) || depthMm > seen))
            {
                deepest[key] = depthMm;
            }
        }

        foreach (var ((g1, g2), depth) in deepest.OrderByDescending(p => p.Value))
        {
            errors.Add(new ModelFinding(
                FindingCodes.Penetration,
                string.Create(CultureInfo.InvariantCulture, $"{model.DescribeGeom(g1)} and {model.DescribeGeom(g2)} overlap by {depth:0.###} mm at t = 0 (tolerance {toleranceMm:0.###} mm); move them apart"),
                model.DescribeGeom(g1)));
        }

        return Math.Round(max, 6);
    }

    /// <summary>
    /// MuJoCo 2.2.2's box–box collider reports about half the real depth, and meshes collide through an
    /// approximate convex solver, so for pairs of boxes and meshes (as their convex hulls) the depth is computed
    /// exactly by separating axes; null for other pairs, whose MuJoCo distance is exact.
    /// </summary>
    private static double? ExactDepthMm(MujocoModel model, int g1, int g2, Dictionary<int, ConvexSolid?> solids, Dictionary<(int, int), double> exact)
    {
        var key = g1 < g2 ? (g1, g2) : (g2, g1);
        if (exact.TryGetValue(key, out var known))
        {
            return known;
        }

        if (Solid(model, g1, solids) is not { } a || Solid(model, g2, solids) is not { } b)
        {
            return null;
        }

        var depth = PenetrationDepth.Between(a, b) * 1000.0;
        exact[key] = depth;
        return depth;
    }

    private static ConvexSolid? Solid(MujocoModel model, int geom, Dictionary<int, ConvexSolid?> solids)
    {
        if (!solids.TryGetValue(geom, out var solid))
        {
            solid = model.Solid(geom);
            solids[geom] = solid;
        }

        return solid;
    }

    private static bool IsInstabilityWarning(string warning) =>
        warning.Contains("Nan, Inf or huge value", StringComparison.OrdinalIgnoreCase)
        || warning.Contains("bad number", StringComparison.OrdinalIgnoreCase);

    private static IEnumerable<ModelFinding> WarningsFrom(IEnumerable<string> warnings) =>
        warnings.Distinct(StringComparer.Ordinal).Select(w => new ModelFinding(FindingCodes.MujocoWarning, $"MuJoCo warned: {w}"));

    private static IReadOnlyList<ModelFinding> WarningsFrom(IReadOnlyList<string> warnings) => WarningsFrom(warnings.AsEnumerable()).ToList();
}
