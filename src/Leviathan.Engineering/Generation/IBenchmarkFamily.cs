using Leviathan.Engineering.Benchmarks;

namespace Leviathan.Engineering.Generation;

/// <summary>A kind of generated benchmark: draws one randomized candidate from a seeded random source.</summary>
public interface IBenchmarkFamily
{
    /// <summary>The family name used on the command line, in ids and in <c>benchmark.json</c>.</summary>
    string Name { get; }

    /// <summary>
    /// What every draw fixes of the quantities <see cref="Difficulty"/> measures (fewest reference parts, motors,
    /// start jitter): the levels the family can reach follow from it (<see cref="Difficulty.Reach"/>), so a level it
    /// can never reach is refused before any candidate is tried.
    /// </summary>
    FamilyLevelInputs LevelInputs { get; }

    /// <summary>
    /// Whether the solvability proof searches waypoint controls where ramp controls fail
    /// (<see cref="Solving.SolverOptions.WaypointShare"/>): only families whose draws need a motor to move back
    /// (a parked relay pusher) do; in the others no reference found was ever a waypoint one, and the phase only added
    /// up to half a stall limit of candidates to every candidate left unsolved.
    /// </summary>
    bool SearchesWaypoints => false;

    BenchmarkSpec Create(string id, long seed, Random random);
}
