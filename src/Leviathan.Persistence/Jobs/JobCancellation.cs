namespace Leviathan.Persistence.Jobs;

/// <summary>The job after a request to cancel it, and what the request did.</summary>
public sealed record JobCancellation(JobRecord Job, JobCancellationResult Result);
