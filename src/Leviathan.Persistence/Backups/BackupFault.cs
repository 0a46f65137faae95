namespace Leviathan.Persistence.Backups;

/// <summary>Why a backup or a restore did not happen; the service maps each to a status and a problem type.</summary>
public enum BackupFault
{
    /// <summary>No <c>backup</c> section is configured.</summary>
    NotConfigured,

    /// <summary>The snapshot cannot be taken here (pg_dump missing or failing, the store unreadable).</summary>
    SnapshotUnavailable,

    /// <summary>Another backup of this store is being taken.</summary>
    InProgress,

    /// <summary>The S3 store refused or could not be reached.</summary>
    Storage,

    /// <summary>No backup has this key.</summary>
    NotFound,

    /// <summary>The downloaded archive's SHA-256 is not the one recorded.</summary>
    ChecksumMismatch,

    /// <summary>The archive or the database in it is damaged or not a Leviathan backup.</summary>
    Corrupt,

    /// <summary>The store to restore over is open in a running process.</summary>
    StoreInUse,
}
