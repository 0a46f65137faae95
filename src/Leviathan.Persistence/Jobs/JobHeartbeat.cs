namespace Leviathan.Persistence.Jobs;

/// <summary>What a heartbeat found: the worker still holds the job, lost it, or holds it and must cancel its run.</summary>
public enum JobHeartbeat
{
    Held,
    Lost,
    CancelRequested,
}
