namespace Leviathan.Server.Jobs;

/// <summary>
/// What a queued benchmark generation needs, as stored in the job's payload (the solver's switches default to the
/// CLI's, so payloads stored before they existed read as they were meant).
/// </summary>
internal sealed record GenerationPayload(int Count, long Seed, string? Family, int? Level, int? MaxCandidates, bool HingedRamps = false, int? SolverCandidates = null);
