using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Leviathan.Persistence.Backups;

/// <summary>
/// A consistent copy of the database taken while runs keep writing. SQLite: <c>VACUUM INTO</c>, which reads the
/// database inside one read transaction (writers go on in WAL mode) and writes a compact copy. PostgreSQL:
/// <c>pg_dump --format=custom</c>, which dumps from one repeatable-read snapshot.
/// </summary>
internal static class StoreSnapshot
{
    public const string SqliteEntry = "leviathan.db";
    public const string PostgresEntry = "leviathan.pgdump";

    /// <summary>Writes the snapshot into <paramref name="folder"/> and returns its path.</summary>
    public static async Task<string> TakeAsync(Tracing.TraceStore store, BackupOptions options, string folder, CancellationToken cancellationToken)
    {
        if (store.Options.Provider == "sqlite")
        {
            var target = Path.Combine(folder, SqliteEntry);
            await using var connection = new SqliteConnection(store.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA busy_timeout = 10000; VACUUM INTO $target;";
                command.Parameters.AddWithValue("$target", target);
                try
                {
                    await command.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException ex)
                {
                    throw new BackupException(
                        BackupFault.SnapshotUnavailable,
                        $"the snapshot of {store.Location} could not be written to {folder}: {ex.Message}",
                        "check that the disk under the Leviathan home has room for a copy of the database",
                        ex);
                }
            }

            var problems = IntegrityProblems(target);
            if (problems is not null)
            {
                throw new BackupException(
                    BackupFault.SnapshotUnavailable,
                    $"the snapshot of {store.Location} fails PRAGMA integrity_check ({problems}), so it was not uploaded",
                    "the store itself is damaged: export what can be read with 'leviathan runs export' and restore the last good backup");
            }

            return target;
        }

        return await PgDumpAsync(store, options, Path.Combine(folder, PostgresEntry), cancellationToken);
    }

    /// <summary>Null when <c>PRAGMA integrity_check</c> says ok, else its first findings.</summary>
    public static string? IntegrityProblems(string path)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check(5)";
            var findings = new List<string>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    findings.Add(reader.GetString(0));
                }
            }

            if (findings is not ["ok"])
            {
                return string.Join("; ", findings).ReplaceLineEndings(" ");
            }

            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__EFMigrationsHistory'";
            return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1
                ? null
                : "it is a SQLite database, but not a Leviathan store (no migration history)";
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }

    private static async Task<string> PgDumpAsync(Tracing.TraceStore store, BackupOptions options, string target, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnectionStringBuilder(store.ConnectionString);
        var start = new ProcessStartInfo(options.PgDump)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--format=custom", "--no-password", $"--file={target}" })
        {
            start.ArgumentList.Add(argument);
        }

        if (connection.Host is { Length: > 0 } host)
        {
            start.ArgumentList.Add($"--host={host}");
        }

        if (connection.Port != NpgsqlConnection.DefaultPort)
        {
            start.ArgumentList.Add($"--port={connection.Port}");
        }

        if (connection.Username is { Length: > 0 } user)
        {
            start.ArgumentList.Add($"--username={user}");
        }

        start.ArgumentList.Add($"--dbname={connection.Database}");
        if (connection.Password is { Length: > 0 } password)
        {
            start.Environment["PGPASSWORD"] = password;
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new Win32Exception("the process did not start");
        }
        catch (Win32Exception ex)
        {
            throw new BackupException(
                BackupFault.SnapshotUnavailable,
                $"the store is PostgreSQL and its backup needs pg_dump, which cannot be started ('{options.PgDump}': {ex.Message})",
                "install the PostgreSQL client of the server's major version (apt-get install postgresql-client) or set backup.pg_dump to its path",
                ex);
        }

        using (process)
        {
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await output;
            var message = (await error).Trim();
            if (process.ExitCode != 0)
            {
                throw new BackupException(
                    BackupFault.SnapshotUnavailable,
                    $"pg_dump failed (exit {process.ExitCode}): {(message.Length > 0 ? message.ReplaceLineEndings(" ") : "no message")}",
                    "a version mismatch needs the pg_dump of the server's major version (backup.pg_dump); a connection error, the store.connection setting");
            }
        }

        return target;
    }
}
