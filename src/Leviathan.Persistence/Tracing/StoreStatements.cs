using System.Data.Common;
using System.Globalization;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The writes every run makes (create, start, usage, end, evaluation tag and judgement) as plain SQL statements instead of
/// EF Core updates. SQLite takes one writer at a time, so every run waits for the writes in front of it: EF's update pipeline
/// (model, query compilation, change tracking) cost milliseconds per call inside that turn on a busy machine, where a prepared
/// statement costs a fraction of one. On SQLite the statement goes to the store's group writer (see <see cref="GroupCommitWriter"/>),
/// which commits it together with the other writes queued at the moment.
/// </summary>
internal static class StoreStatements
{
    /// <summary>Runs one write statement and returns the rows it changed, once it is committed.</summary>
    public static Task<int> ExecuteWriteAsync(this TraceStore store, string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken) =>
        store.WriteAsync((write, ct) => write.ExecuteAsync(sql, parameters, ct), urgent: false, cancellationToken);

    /// <summary>Sets a command's parameters (null values as SQL NULL), replacing those of its previous use.</summary>
    public static void Bind(DbCommand command, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var bound = command.Parameters;
        if (SameNames(bound, parameters))
        {
            // The same statement again (an event batch's next row): set the values only.
            for (var i = 0; i < parameters.Count; i++)
            {
                bound[i].Value = parameters[i].Value ?? DBNull.Value;
            }

            return;
        }

        bound.Clear();
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            bound.Add(parameter);
        }
    }

    private static bool SameNames(DbParameterCollection bound, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        if (bound.Count != parameters.Count)
        {
            return false;
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (bound[i].ParameterName != parameters[i].Name)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A money value as the store keeps it: SQLite has no decimal type, and EF Core stores decimals there as this text.</summary>
    public static object Money(this TraceStore store, decimal value) =>
        store.Options.Provider == "sqlite" ? value.ToString("0.0###########################", CultureInfo.InvariantCulture) : value;

    /// <summary>A nullable money value as the store keeps it.</summary>
    public static object? Money(this TraceStore store, decimal? value) => value is { } money ? store.Money(money) : null;
}
