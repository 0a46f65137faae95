using Leviathan.Engineering.Benchmarks;

namespace Leviathan.Engineering.Generation;

/// <summary>
/// What a family fixes of the quantities <see cref="Difficulty"/> measures, so that the levels it can reach follow
/// through Difficulty's own formula (<see cref="Difficulty.Reach"/>) instead of a table that could drift: the fewest
/// parts any reference of the family can have (each family documents why), the motors every reference drives (the
/// baseline solver drives every motor a benchmark provides) and the payload's start jitter every draw has.
/// </summary>
/// <param name="MinParts">The fewest parts a reference of this family can have.</param>
/// <param name="Motors">The motors every benchmark of the family provides and every reference drives.</param>
/// <param name="Jitter">The jitter of the payload's start in every draw.</param>
public sealed record FamilyLevelInputs(int MinParts, int Motors, JitterSpec Jitter);
