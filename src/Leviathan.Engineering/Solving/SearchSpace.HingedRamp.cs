using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// Ramps laid as flaps (<see cref="SolverOptions.HingedRamps"/>): the deck and its rails are placed level, each on a
/// passive hinge along the deck's upper edge (the ramp's anchor), free to turn down from level to the ramp's slope.
/// Under their own weight they swing down to that stop within a fraction of a second and rest there as the ramp would.
/// </summary>
internal sealed partial class SearchSpace
{
    /// <summary>Least slope (degrees) laid as a flap; a flatter ramp stays fixed.</summary>
    private const double MinimumFlapSlope = 1;

    /// <summary>Hinge damping of a flap (N·m·s/rad): enough that it settles on its stop instead of bouncing.</summary>
    private const double FlapDamping = 0.02;

    private readonly bool _hingedRamps;

    /// <summary>The placed level ramp's parts, each on the hinge through the (shifted) anchor about the deck's width axis.</summary>
    private static List<CandidatePart> Flap(List<CandidatePart> parts, Vec3 anchor, Vec3 side, double slope)
    {
        // A positive turn about the deck's width axis (right-hand rule) tips its far end down, as a positive slope does.
        var hinge = new HingeSpec
        {
            Anchor = Round(anchor).ToArray(),
            Axis = Round(side).ToArray(),
            Range = [0, slope],
            Damping = FlapDamping,
        };
        return parts.Select(p => p with { Role = p.Role.Replace("ramp", "flap", StringComparison.Ordinal), Hinge = hinge }).ToList();
    }
}
