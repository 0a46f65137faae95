using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Leviathan.Persistence.Database;

/// <summary>Sets the per-connection SQLite pragmas on every connection the store opens.</summary>
internal sealed class SqlitePragmaInterceptor(string synchronous, long? maxBytes) : DbConnectionInterceptor
{
    private readonly string _sql = Pragmas(synchronous, maxBytes);

    /// <summary>The statements every connection of the store runs first.</summary>
    public static string Pragmas(string synchronous, long? maxBytes) =>
        $"PRAGMA synchronous={synchronous.ToUpperInvariant()}; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"

        // Pages are 4096 bytes, SQLite's default, which the store never changes.
        + (maxBytes is { } max ? $" PRAGMA max_page_count={Math.Max(1, max / 4096)};" : string.Empty);

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}
