using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence.Backups;

/// <summary>
/// Whether a SQLite store is open in a running process. Two checks: the processes that hold the database file or its
/// write-ahead log open (from <c>/proc/*/fd</c>, which names them), and an exclusive SQLite lock attempt, which fails while
/// any connection, of any process, has the database open in WAL mode.
/// </summary>
internal static class StoreUse
{
    /// <summary>Null when nothing uses the store, else a sentence naming who does.</summary>
    public static string? Users(string database)
    {
        if (!File.Exists(database))
        {
            return null;
        }

        var holders = Holders(database);
        if (holders.Count > 0)
        {
            return $"process{(holders.Count > 1 ? "es" : string.Empty)} {string.Join(", ", holders)} {(holders.Count > 1 ? "have" : "has")} it open";
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 0; PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;";
            command.ExecuteNonQuery();
            return null;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
        {
            return "another connection holds a lock on it";
        }
    }

    private static List<string> Holders(string database)
    {
        var targets = new HashSet<string>(StringComparer.Ordinal) { Path.GetFullPath(database), Path.GetFullPath(database) + "-wal" };
        var holders = new List<string>();
        if (!Directory.Exists("/proc"))
        {
            return holders;
        }

        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            var pid = Path.GetFileName(process);
            if (!int.TryParse(pid, out _))
            {
                continue;
            }

            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries(Path.Combine(process, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && targets.Contains(target))
                    {
                        holders.Add($"{pid} ({Command(process)})");
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A process that ended meanwhile or belongs to another user: the lock attempt still covers it.
            }
        }

        return holders;
    }

    private static string Command(string process)
    {
        try
        {
            var line = File.ReadAllText(Path.Combine(process, "cmdline")).Replace('\0', ' ').Trim();
            return line.Length > 80 ? line[..80] + "…" : line;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "?";
        }
    }
}
