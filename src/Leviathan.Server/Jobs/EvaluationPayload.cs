namespace Leviathan.Server.Jobs;

/// <summary>What a queued evaluation needs, as stored in the job's payload: the suite's full path and the plan's settings.</summary>
internal sealed record EvaluationPayload(string Suite, int Parallel, int Repeat, string? Tasks);
