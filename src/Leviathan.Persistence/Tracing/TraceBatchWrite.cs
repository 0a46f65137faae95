using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tracing;

/// <summary>One batch of a run's events on its way to the store (see <see cref="TraceWriter"/>): plain INSERTs, no reads.</summary>
internal sealed class TraceBatchWrite(TraceWriter writer) : StoreWriteItem(urgent: false)
{
    private const string InsertSql =
        "INSERT INTO events (id, run_id, seq, parent_id, kind, role, payload, ts, duration_us) " +
        "VALUES (@id, @run_id, @seq, @parent_id, @kind, @role, @payload, @ts, @duration_us)";

    private List<TraceEvent>? _batch;

    public override async Task WriteAsync(StoreWrite write, CancellationToken cancellationToken)
    {
        // Taken from the run's queue when the batch is first written: events appended until then go in it too. A second
        // try (the group rolled back by SQLite) writes the same events again.
        _batch ??= writer.TakeBatch();
        var run = writer.RunId.ToString();
        foreach (var evt in _batch)
        {
            await write.ExecuteAsync(
                InsertSql,
                [
                    ("@id", evt.Id.ToString()), ("@run_id", run), ("@seq", evt.Sequence), ("@parent_id", evt.ParentId?.ToString()), ("@kind", evt.Kind.ToName()),
                    ("@role", evt.Role), ("@payload", evt.PayloadJson), ("@ts", evt.Timestamp.ToUnixTimeMilliseconds()), ("@duration_us", evt.Duration is { } d ? d.Ticks / 10 : null),
                ],
                cancellationToken);
        }
    }

    public override void Committed() => writer.Committed(_batch ?? []);

    public override void Failed(Exception error) => writer.Fail(error);
}
