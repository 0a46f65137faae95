namespace Leviathan.Persistence.Jobs;

/// <summary>What asking to cancel a job did.</summary>
public enum JobCancellationResult
{
    /// <summary>The job is done and cancelled (now, or by an earlier request).</summary>
    Cancelled,

    /// <summary>The job is running; its worker cancels the run.</summary>
    Requested,

    /// <summary>The job had already finished otherwise; nothing changed.</summary>
    AlreadyFinished,
}
