using System.Data;
using System.Data.Common;
using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// Group-commit writer for one run. <see cref="Append"/> numbers the event and queues it; a single
/// background pump writes whatever is queued in one transaction per batch (a prepared INSERT, no
/// reads), then releases the flushes waiting on it. A failed batch breaks the writer: nothing after it
/// is written, so the stored sequence stays gap-free.
/// </summary>
internal sealed class TraceWriter : ITraceWriter
{
    private const string InsertSql =
        "INSERT INTO events (id, run_id, seq, parent_id, kind, role, payload, ts, duration_us) " +
        "VALUES (@id, @run_id, @seq, @parent_id, @kind, @role, @payload, @ts, @duration_us)";

    private readonly DbConnection _connection;
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private readonly Lock _gate = new();
    private readonly List<TraceEvent> _queue = [];
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly string _runIdText;
    private long _lastSequence;
    private long _durableSequence;
    private Exception? _fault;
    private bool _disposed;

    public TraceWriter(DbConnection connection, Guid runId, long lastSequence, TimeProvider time, int batchSize)
    {
        _connection = connection;
        RunId = runId;
        _runIdText = runId.ToString();
        _lastSequence = lastSequence;
        _durableSequence = lastSequence;
        _time = time;
        _batchSize = batchSize;
        _pump = Task.Run(PumpAsync);
    }

    public Guid RunId { get; }

    public TraceEvent Append(NewEvent newEvent)
    {
        ArgumentNullException.ThrowIfNull(newEvent);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_fault is not null)
            {
                throw new InvalidOperationException($"the trace of run {RunId} can no longer be written: {_fault.Message}", _fault);
            }

            var stored = new TraceEvent(
                newEvent.Id ?? Guid.CreateVersion7(_time.GetUtcNow()),
                RunId,
                ++_lastSequence,
                newEvent.ParentId,
                newEvent.Kind,
                newEvent.Role,
                newEvent.PayloadJson,
                _time.GetUtcNow(),
                newEvent.Duration);
            _queue.Add(stored);
            if (_queue.Count == 1 || _queue.Count >= _batchSize)
            {
                _signal.Release();
            }

            return stored;
        }
    }

    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_fault is not null)
            {
                return Task.FromException(new InvalidOperationException($"the trace of run {RunId} could not be written: {_fault.Message}", _fault));
            }

            if (_durableSequence >= _lastSequence)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_lastSequence, done));
        }

        _signal.Release();
        return done.Task.WaitAsync(cancellationToken);
    }

    private async Task PumpAsync()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = InsertSql;
        var id = Add(command, "@id", DbType.String);
        var run = Add(command, "@run_id", DbType.String);
        var seq = Add(command, "@seq", DbType.Int64);
        var parent = Add(command, "@parent_id", DbType.String);
        var kind = Add(command, "@kind", DbType.String);
        var role = Add(command, "@role", DbType.String);
        var payload = Add(command, "@payload", DbType.String);
        var ts = Add(command, "@ts", DbType.Int64);
        var duration = Add(command, "@duration_us", DbType.Int64);
        run.Value = _runIdText;
        command.Prepare();

        var batch = new List<TraceEvent>(_batchSize);
        while (true)
        {
            try
            {
                await _signal.WaitAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                // Disposal: write what is left, then stop.
            }

            while (true)
            {
                batch.Clear();
                lock (_gate)
                {
                    var take = Math.Min(_batchSize, _queue.Count);
                    batch.AddRange(_queue.GetRange(0, take));
                    _queue.RemoveRange(0, take);
                }

                if (batch.Count == 0)
                {
                    break;
                }

                try
                {
                    await using var transaction = await _connection.BeginTransactionAsync();
                    command.Transaction = transaction;
                    foreach (var evt in batch)
                    {
                        id.Value = evt.Id.ToString();
                        seq.Value = evt.Sequence;
                        parent.Value = evt.ParentId?.ToString() ?? (object)DBNull.Value;
                        kind.Value = evt.Kind.ToName();
                        role.Value = evt.Role ?? (object)DBNull.Value;
                        payload.Value = evt.PayloadJson;
                        ts.Value = evt.Timestamp.ToUnixTimeMilliseconds();
                        duration.Value = evt.Duration is { } d ? (long)(d.Ticks / 10) : DBNull.Value;
                        await command.ExecuteNonQueryAsync();
                    }

                    await transaction.CommitAsync();
                    command.Transaction = null;
                }
                catch (Exception ex)
                {
                    Fail(ex);
                    return;
                }

                Release(batch[^1].Sequence);
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private void Release(long durable)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_gate)
        {
            _durableSequence = durable;
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Sequence <= durable)
                {
                    (ready ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(t => t.TrySetResult());
    }

    private void Fail(Exception ex)
    {
        List<TaskCompletionSource> waiting;
        lock (_gate)
        {
            _fault = ex;
            _queue.Clear();
            waiting = _waiters.ConvertAll(w => w.Done);
            _waiters.Clear();
        }

        var error = new InvalidOperationException($"the trace of run {RunId} could not be written: {ex.Message}", ex);
        waiting.ForEach(t => t.TrySetException(error));
    }

    private static DbParameter Add(DbCommand command, string name, DbType type)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        command.Parameters.Add(parameter);
        return parameter;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
        _signal.Dispose();
        await _connection.DisposeAsync();
    }
}
