using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence;

/// <summary>
/// Names the storage faults a user can fix (a full disk, a read-only file or file system) in words, instead of the
/// library's message ("SQLite Error 13", "disk I/O error").
/// </summary>
public static class StorageFaults
{
    private const int SqliteReadOnly = 8;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int Enospc = 28;
    private const int Erofs = 30;
    private const int Edquot = 122;

    /// <summary>The cause and the fix for a fault while writing <paramref name="location"/>; null when it is not one of these.</summary>
    /// <param name="exception">The fault, as thrown (inner exceptions are searched too).</param>
    /// <param name="location">The file or folder being written, for the message.</param>
    public static (string Message, string Hint)? Explain(Exception exception, string location)
    {
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SqliteException { SqliteErrorCode: SqliteFull }:
                    return ($"the disk holding {location} is full (or the store's configured size limit store.max_bytes is reached), so nothing more can be recorded",
                        "free space on that disk, or choose another home folder with --home or LEVIATHAN_HOME");
                case SqliteException { SqliteErrorCode: SqliteReadOnly }:
                    return ($"{location} is read-only (the file, its folder or the file system), so nothing can be recorded in it",
                        "make it writable (for example chmod u+w on the file and its folder), or choose another home folder with --home or LEVIATHAN_HOME");
                case SqliteException { SqliteErrorCode: SqliteIoError, SqliteExtendedErrorCode: var extended } when (extended >> 8) is 4 /* SQLITE_IOERR_WRITE */ or 13 /* FSYNC */ or 3 /* SHORT_READ */:
                    return ($"writing {location} failed with an input/output error (the disk may be full or failing)",
                        "check the free space and the disk (dmesg), or choose another home folder with --home");
                case IOException io when (io.HResult & 0xFFFF) is Enospc or Edquot:
                    return ($"the disk holding {location} is full (no space left on the device)", "free space on that disk, or write somewhere else");
                case IOException io when (io.HResult & 0xFFFF) is Erofs:
                    return ($"{location} is on a read-only file system", "write somewhere else, or remount that file system read-write");
                case DbException:
                    break;
            }
        }

        return null;
    }
}
