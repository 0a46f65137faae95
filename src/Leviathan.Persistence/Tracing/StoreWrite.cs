using System.Data.Common;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The statements of one write to the store, inside the transaction it commits in. Commands are kept by their SQL and
/// reused: on SQLite this object lives as long as the store's group writer and its connection, so a statement is
/// prepared once for the life of the store, not once per write; on PostgreSQL it lives for one write.
/// </summary>
internal sealed class StoreWrite(DbConnection connection, DbTransaction? transaction) : IAsyncDisposable
{
    // A bound on the commands kept: statements are constants in the code, so this is only a guard against a caller that
    // builds its SQL from data.
    private const int MaxCommands = 256;

    private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The connection the write runs on.</summary>
    public DbConnection Connection => connection;

    /// <summary>
    /// The statement <paramref name="sql"/> with these parameters (null values as SQL NULL), ready to execute. The command
    /// belongs to this write: do not dispose it, and finish reading its results before asking for the same statement again.
    /// </summary>
    public DbCommand Command(string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxCommands)
            {
                DisposeCommands();
            }

            command = connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = transaction;
            _commands[sql] = command;
        }

        StoreStatements.Bind(command, parameters);
        return command;
    }

    /// <summary>Executes a statement that returns no rows; the rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken) =>
        Command(sql, parameters).ExecuteNonQueryAsync(cancellationToken);

    public ValueTask DisposeAsync()
    {
        DisposeCommands();
        return ValueTask.CompletedTask;
    }

    private void DisposeCommands()
    {
        foreach (var command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
    }
}
