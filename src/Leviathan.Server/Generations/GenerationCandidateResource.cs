using System.ComponentModel;

namespace Leviathan.Server.Generations;

/// <summary>One candidate a generation tried, kept or not, as in the generation's index.json.</summary>
internal sealed record GenerationCandidateResource(
    [property: Description("The candidate's place in the generation (0-based).")] int Index,
    [property: Description("The benchmark id, also its folder in the archive.")] string Id,
    string Family,
    long Seed,
    [property: Description("True when the benchmark was proven valid, non-trivial and solvable and is part of the result.")] bool Kept,
    [property: Description("Why it was rejected: invalid, trivial, unsolved or other_level; null when kept.")] string? Reason,
    [property: Description("What was measured, in one line.")] string Detail,
    [property: Description("Difficulty level 0-5 of a kept benchmark.")] int? Level,
    double Seconds);
