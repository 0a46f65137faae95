namespace Leviathan.Tools.Snapshots;

/// <summary>A snapshot operation that cannot be done: no such step, no snapshots yet, git missing or failing.</summary>
public sealed class SnapshotException : Exception
{
    public SnapshotException(string message)
        : base(message)
    {
    }

    public SnapshotException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SnapshotException()
    {
    }
}
