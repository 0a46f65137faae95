namespace Leviathan.Server.Jobs;

/// <summary>What a queued benchmark generation needs, as stored in the job's payload.</summary>
internal sealed record GenerationPayload(int Count, long Seed, string? Family, int? Level, int? MaxCandidates);
