using System.Data.Common;
using System.Globalization;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The writes every run makes (create, start, usage, end, evaluation tag and judgement) as plain SQL statements instead of
/// EF Core updates. SQLite takes one writer at a time, so every run waits for the writes in front of it: EF's update pipeline
/// (model, query compilation, change tracking) cost milliseconds per call inside that turn on a busy machine, where a prepared
/// statement costs a fraction of one. The statement is built before the turn is taken; the turn holds only its execution.
/// </summary>
internal static class StoreStatements
{
    /// <summary>Runs one write statement in the store's write turn; returns the rows it changed.</summary>
    public static async Task<int> ExecuteWriteAsync(this TraceStore store, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, sql, parameters);
        using var turn = await store.WriteTurnAsync(cancellationToken);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A statement with its parameters (null values as SQL NULL), in a transaction when one is given.</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>A money value as the store keeps it: SQLite has no decimal type, and EF Core stores decimals there as this text.</summary>
    public static object Money(this TraceStore store, decimal value) =>
        store.Options.Provider == "sqlite" ? value.ToString("0.0###########################", CultureInfo.InvariantCulture) : value;

    /// <summary>A nullable money value as the store keeps it.</summary>
    public static object? Money(this TraceStore store, decimal? value) => value is { } money ? store.Money(money) : null;
}
