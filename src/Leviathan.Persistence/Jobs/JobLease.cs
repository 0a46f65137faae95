namespace Leviathan.Persistence.Jobs;

/// <summary>
/// What <see cref="JobStore.LeaseNextAsync"/> took: a job to run now, or (<see cref="Exhausted"/>) a job whose earlier
/// workers all died and which the store has just ended as <c>error</c>; its run, if any, must be ended too.
/// </summary>
public sealed record JobLease(JobRecord Job, bool Exhausted);
