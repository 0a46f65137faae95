namespace Leviathan.Persistence.Backups;

/// <summary>A backup or restore did not happen: the message says what is wrong, the hint how to fix it.</summary>
public sealed class BackupException(BackupFault fault, string message, string hint, Exception? inner = null) : Exception(message, inner)
{
    public BackupFault Fault { get; } = fault;

    public string Hint { get; } = hint;

    /// <summary>The local archive that was kept because it could not be uploaded, or null.</summary>
    public string? KeptArchive { get; init; }
}
