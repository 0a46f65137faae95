namespace Leviathan.Persistence.Jobs;

/// <summary>Where a job is: waiting, held by a worker under a lease, or finished with an outcome.</summary>
public static class JobState
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Done = "done";
}
