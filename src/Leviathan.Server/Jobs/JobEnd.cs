namespace Leviathan.Server.Jobs;

/// <summary>How a job ended: its outcome, why, and what it made (JSON; null when its result is elsewhere, e.g. its run).</summary>
internal sealed record JobEnd(string Outcome, string? Reason, string? Result = null)
{
    public static implicit operator JobEnd((string Outcome, string? Reason) end) => new(end.Outcome, end.Reason);
}
