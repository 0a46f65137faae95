using Leviathan.Engineering.Benchmarks;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// A kept benchmark's difficulty level, 0 (easiest) to 5, from what its proofs measured: points for the reference's
/// parts (0 for one, 0.5 for two, 1 for three or four, 1.5 for more) and motors it drives (1 each), the baseline
/// solver's candidates to find it (0 under 50, 0.5 under 200, 1 under 500, 1.5 from 500), the tighter of the two
/// limits (1 when under 1.25 × the reference's figure, 0.5 under 1.4) and the jitter of the payload's start (0.5 when
/// its position half-range exceeds 5 mm on any axis, 0.5 more when the start is also turned). The level is the sum
/// rounded half up, at most 5.
/// </summary>
public static class Difficulty
{
    public const int MaxLevel = 5;

    /// <summary>A limit at least this many times the reference's figure adds no points (level 0 needs both limits this loose).</summary>
    public const double LooseFrom = 1.4;

    public static int Level(int parts, int motors, int solverCandidates, double costTightness, double weightTightness, JitterSpec jitter)
    {
        ArgumentNullException.ThrowIfNull(jitter);
        var points = parts switch
        {
            <= 1 => 0.0,
            2 => 0.5,
            <= 4 => 1.0,
            _ => 1.5,
        };
        points += motors;
        points += solverCandidates switch
        {
            < 50 => 0.0,
            < 200 => 0.5,
            < 500 => 1.0,
            _ => 1.5,
        };
        var tightest = Math.Min(costTightness, weightTightness);
        points += tightest < 1.25 ? 1.0 : tightest < LooseFrom ? 0.5 : 0.0;
        if (jitter.Position.Any(p => p > 0.005))
        {
            points += 0.5;
            points += jitter.Rotation.Any(r => r > 0) ? 0.5 : 0.0;
        }

        return Math.Min(MaxLevel, (int)Math.Floor(points + 0.5));
    }

    /// <summary>
    /// The levels a family's benchmarks can reach when the solver screens at most <paramref name="solverCandidates"/>
    /// candidates: from <see cref="Level"/> of its fewest parts and its motors, found at once, with loose limits, to
    /// <see cref="Level"/> of many parts, its motors, the whole solver budget spent and the tightest limits the binder
    /// draws (<see cref="BudgetBinder.MinFactor"/>); the jitter is the family's in both. Every level between the two
    /// is reachable too, since each measurement moves the sum in half points.
    /// </summary>
    public static LevelRange Reach(FamilyLevelInputs family, int solverCandidates)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentOutOfRangeException.ThrowIfLessThan(solverCandidates, 1);
        var lowest = Level(family.MinParts, family.Motors, 1, LooseFrom, LooseFrom, family.Jitter);
        var highest = Level(int.MaxValue, family.Motors, solverCandidates, BudgetBinder.MinFactor, BudgetBinder.MinFactor, family.Jitter);
        return new LevelRange(lowest, highest);
    }
}
