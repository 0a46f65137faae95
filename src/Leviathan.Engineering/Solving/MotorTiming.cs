using static Leviathan.Engineering.Solving.GeneMath;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// When each motor's ramp starts and how long it takes, from two genes. With one motor: a start within the first 40%
/// of the time limit and a duration from 5% of it up to the 95% mark. With several motors the motions are
/// <em>sequenced</em>: the first motor starts within the first 40% and takes 5–50% of the time limit; every later
/// motor starts relative to the end of the one before it (from 20% of the time limit before that end to 30% after it,
/// never before 0 nor after 90%), and takes 5–50% too (ending by the 95% mark when it can). A lift that must finish
/// before a push begins is then one gene away from any draw, instead of a coincidence of two absolute start times.
/// </summary>
internal static class MotorTiming
{
    public static (double Start, double Duration) Of(double timeLimit, int motors, double? previousEnd, double startGene, double durationGene)
    {
        var t = timeLimit;
        if (motors < 2)
        {
            var single = Math.Round(Lerp(0, 0.4 * t, startGene), 3);
            return (single, Math.Round(Lerp(0.05 * t, (0.95 * t) - single, durationGene), 3));
        }

        var start = previousEnd is { } end
            ? Math.Clamp(end + Lerp(-0.2 * t, 0.3 * t, startGene), 0, 0.9 * t)
            : Lerp(0, 0.4 * t, startGene);
        start = Math.Round(start, 3);
        var longest = Math.Max(0.05 * t, Math.Min(0.5 * t, (0.95 * t) - start));
        return (start, Math.Round(Lerp(0.05 * t, longest, durationGene), 3));
    }
}
