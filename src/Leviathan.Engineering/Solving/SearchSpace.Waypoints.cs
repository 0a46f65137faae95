using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Solutions;
using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The control slots of the search space with waypoint controls: one slot of genes per motor after the guide slots
/// (see <see cref="MotorControls"/>), none without them (then the space is exactly the ramp-only one).
/// </summary>
internal sealed partial class SearchSpace
{
    private readonly int _controlSlots;

    /// <summary>Whether the space drives its motors with waypoint controls as well as ramps.</summary>
    public bool Waypoints => _controlSlots > 0;

    private int ControlOffset(int motor) => (_slots.Count + _guideSlots + motor) * SlotGenes;

    /// <summary>The control of a motor: the stroke as a ramp, or with waypoint controls the pattern its control slot picks.</summary>
    private ControlSpec Control(int motorIndex, IReadOnlyList<double> genes, double start, double duration, double target)
    {
        var motor = _benchmark.Motors[motorIndex];
        if (!Waypoints)
        {
            return MotorControls.Build(motor, _benchmark.Objective.TimeLimit, start, duration, target, ControlPattern.Ramp, []);
        }

        var slot = genes.Skip(ControlOffset(motorIndex)).Take(SlotGenes).ToArray();
        return MotorControls.Build(motor, _benchmark.Objective.TimeLimit, start, duration, target, MotorControls.Pattern(slot[0]), slot);
    }

    /// <summary>
    /// The prior of the control slots in the draws that aim the parts (the other draws keep uniform genes). A
    /// horizontal slider whose aimed plate could not be placed behind the payload (the build zone ends over the
    /// payload's start region, so the plate is pushed forward over it) <em>retreats</em> first: to about where the
    /// plate was aimed, within the first 5% of the time limit and quickly, and its stroke target is taken from the
    /// placed plate; every other motor of that benchmark keeps a ramp (the stroke it was aimed with). Without such a
    /// plate every motor gets a <em>stroke and return</em> back to rest, after a hold of any length.
    /// </summary>
    private void SampleControls(double[] genes, bool aimed, Random random)
    {
        if (!Waypoints || !aimed)
        {
            return;
        }

        var retreats = new Dictionary<int, double>();
        for (var m = 0; m < _benchmark.Motors.Count; m++)
        {
            if (Retreat(m, genes) is { } retreat)
            {
                retreats[m] = retreat;
            }
        }

        for (var m = 0; m < _benchmark.Motors.Count; m++)
        {
            var motor = _benchmark.Motors[m];
            var (low, high) = (motor.Range[0], motor.Range[1]);
            var o = ControlOffset(m);
            if (retreats.TryGetValue(m, out var retreat))
            {
                genes[o] = MotorControls.Gene(ControlPattern.RetreatThenStroke);
                genes[o + 1] = Math.Clamp(0.05 + (0.05 * Normal(random)), 0, 1);
                genes[o + 2] = Math.Clamp(0.1 + (0.05 * Normal(random)), 0, 1);
                genes[o + 3] = Math.Clamp(((retreat - 0.005 - low) / (high - low)) + (0.03 * Normal(random)), 0, 1);
                var stroke = Lerp(low, high, genes[(m * SlotGenes) + 8]) + retreat; // aimed from behind the payload, made from where the plate is
                genes[(m * SlotGenes) + 8] = Math.Clamp((stroke - low) / (high - low), 0, 1);
            }
            else if (retreats.Count > 0)
            {
                genes[o] = MotorControls.Gene(ControlPattern.Ramp);
            }
            else
            {
                genes[o] = MotorControls.Gene(ControlPattern.StrokeAndReturn);
                genes[o + 3] = Math.Clamp(((0 - low) / (high - low)) + (0.03 * Normal(random)), 0, 1);
            }
        }
    }

    /// <summary>
    /// How far (metres along the axis, negative) a horizontal slider's placed plate sits past where the relay guess
    /// (<see cref="SliderAim.Behind"/>) aimed it, when the build zone pushed it forward by more than 2 mm; otherwise null.
    /// </summary>
    private double? Retreat(int motorIndex, double[] genes)
    {
        var motor = _benchmark.Motors[motorIndex];
        var axis = Vec3.From(motor.Axis).Normalized();
        var aimedBySlider = motor.Type == MotorKind.Slider && Math.Abs(axis.Z) <= 0.7 && (_benchmark.Motors.Count > 1 || ChuteAim.Applies(_benchmark));
        if (!aimedBySlider || motor.Range[0] >= 0)
        {
            return null;
        }

        var g = genes.Skip(motorIndex * SlotGenes).Take(SlotGenes).ToArray();
        var (parts, _) = MotorGroup(motor, g);
        var thickness = Lerp(0.005, Math.Min(0.03, _envelope.X), g[5]);
        var retreat = (SliderAim.Behind(motor, _benchmark, thickness) - parts[0].Position).Dot(axis);
        return retreat < -0.002 ? Math.Max(retreat, motor.Range[0] + 0.005) : null;
    }
}
