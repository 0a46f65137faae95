using Leviathan.Simulation.Engine;
using Leviathan.Simulation.Native;

namespace Leviathan.Simulation.Running;

/// <summary>
/// The buffer the shim fills while stepping (<see cref="MujocoModel.ForceStatsWidth"/> values per actuator:
/// peak |force|, its time, seconds at the limit, the current and the longest stretch at the limit, and when
/// that stretch began) and its conversion to <see cref="ActuatorForces"/> by actuator name.
/// </summary>
internal sealed class ActuatorForceTracker
{
    private readonly MujocoModel _model;
    private readonly double[] _stats;

    public ActuatorForceTracker(MujocoModel model)
    {
        var width = MujocoNative.lev_force_stats_width();
        if (width != MujocoModel.ForceStatsWidth)
        {
            throw new InvalidOperationException($"the native shim keeps {width} force statistics per actuator, the managed code expects {MujocoModel.ForceStatsWidth}: rebuild Leviathan.Simulation");
        }

        _model = model;
        _stats = new double[model.Nu * MujocoModel.ForceStatsWidth];
    }

    public Span<double> Buffer => _stats;

    /// <summary>Statistics by actuator name (an unnamed actuator as <c>#index</c>), rounded to what a report needs.</summary>
    public Dictionary<string, ActuatorForces> Results()
    {
        var results = new Dictionary<string, ActuatorForces>(StringComparer.Ordinal);
        for (var i = 0; i < _model.Nu; i++)
        {
            var s = _stats.AsSpan(i * MujocoModel.ForceStatsWidth, MujocoModel.ForceStatsWidth);
            var range = _model.ForceRange(i);
            results[_model.Name(MujocoNative.ObjActuator, i) ?? $"#{i}"] = new ActuatorForces
            {
                PeakForce = Math.Round(s[0], 9),
                PeakTime = Math.Round(s[1], 9),
                ForceMin = range?.Min,
                ForceMax = range?.Max,
                SecondsAtLimit = Math.Round(s[2], 9),
                LongestAtLimit = Math.Round(s[4], 9),
                LongestAtLimitFrom = s[4] > 0 ? Math.Round(s[5], 9) : null,
            };
        }

        return results;
    }
}
