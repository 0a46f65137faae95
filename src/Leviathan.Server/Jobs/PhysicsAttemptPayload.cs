namespace Leviathan.Server.Jobs;

/// <summary>What a queued physics attempt needs, as stored in the job's payload.</summary>
/// <param name="Benchmark">The server's own copy of the benchmark file (under the home), which nothing but the server writes.</param>
/// <param name="Source">The benchmark file the request named, as the user knows it.</param>
/// <param name="Solution">The solution folder the team works in (the run's workspace, under the first workspace root).</param>
/// <param name="Samples">Seeded jitter samples of the final evaluation.</param>
/// <param name="Profile">The model profile every role uses; null: the configured routes.</param>
/// <param name="MaxSteps">The most agent steps; null: no limit.</param>
internal sealed record PhysicsAttemptPayload(string Benchmark, string Source, string Solution, int Samples, string? Profile, int? MaxSteps);
