using System.Data;
using System.Data.Common;
using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// Group-commit writer for one run. <see cref="Append"/> numbers the event and queues it; a background
/// pump writes whatever is queued in one transaction per batch (a prepared INSERT, no reads), then
/// releases the flushes waiting on it. A flush that finds the pump idle writes on its own thread instead,
/// which spares the agent loop two thread hand-offs per step on a busy machine. One writer at a time
/// holds the connection. A failed batch breaks the writer: nothing after it is written, so the stored
/// sequence stays gap-free.
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
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly DbCommand _insert;
    private readonly DbParameter _id;
    private readonly DbParameter _seq;
    private readonly DbParameter _parent;
    private readonly DbParameter _kind;
    private readonly DbParameter _role;
    private readonly DbParameter _payload;
    private readonly DbParameter _ts;
    private readonly DbParameter _duration;
    private readonly List<TraceEvent> _batch;
    private readonly Task _pump;
    private readonly string _runIdText;
    private readonly Func<CancellationToken, ValueTask<StoreWriteTurn>> _writeTurn;
    private readonly EventFeed? _feed;
    private long _lastSequence;
    private long _durableSequence;
    private Exception? _fault;
    private bool _disposed;

    // writeTurn: taken around each batch's transaction (the store's writers take turns where the database has one writer at a time).
    // feed: live readers in this process, handed each committed batch.
    public TraceWriter(DbConnection connection, Guid runId, long lastSequence, TimeProvider time, int batchSize, Func<CancellationToken, ValueTask<StoreWriteTurn>> writeTurn, EventFeed? feed = null)
    {
        _connection = connection;
        _writeTurn = writeTurn;
        RunId = runId;
        _runIdText = runId.ToString();
        _lastSequence = lastSequence;
        _durableSequence = lastSequence;
        _time = time;
        _batchSize = batchSize;
        _batch = new List<TraceEvent>(batchSize);
        _insert = connection.CreateCommand();
        _insert.CommandText = InsertSql;
        _id = Add(_insert, "@id", DbType.String);
        Add(_insert, "@run_id", DbType.String).Value = _runIdText;
        _seq = Add(_insert, "@seq", DbType.Int64);
        _parent = Add(_insert, "@parent_id", DbType.String);
        _kind = Add(_insert, "@kind", DbType.String);
        _role = Add(_insert, "@role", DbType.String);
        _payload = Add(_insert, "@payload", DbType.String);
        _ts = Add(_insert, "@ts", DbType.Int64);
        _duration = Add(_insert, "@duration_us", DbType.Int64);
        _insert.Prepare();
        _feed = feed;
        _feed?.WriterOpened(runId);
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

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_fault is not null)
            {
                throw new InvalidOperationException($"the trace of run {RunId} could not be written: {_fault.Message}", _fault);
            }

            if (_durableSequence >= _lastSequence)
            {
                return;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_lastSequence, done));
        }

        if (_writing.Wait(0))
        {
            try
            {
                await WriteQueuedAsync();
            }
            finally
            {
                _writing.Release();
            }
        }
        else
        {
            // The pump is writing: it takes these events in its next batch.
            _signal.Release();
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    private async Task PumpAsync()
    {
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

            await _writing.WaitAsync();
            try
            {
                if (!await WriteQueuedAsync())
                {
                    return;
                }
            }
            finally
            {
                _writing.Release();
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>Writes the queue, one transaction per batch; the caller holds <see cref="_writing"/>. False once the writer has failed.</summary>
    private async Task<bool> WriteQueuedAsync()
    {
        while (true)
        {
            _batch.Clear();
            lock (_gate)
            {
                if (_fault is not null)
                {
                    return false;
                }

                var take = Math.Min(_batchSize, _queue.Count);
                _batch.AddRange(_queue.GetRange(0, take));
                _queue.RemoveRange(0, take);
            }

            if (_batch.Count == 0)
            {
                return true;
            }

            var turn = await _writeTurn(CancellationToken.None);
            try
            {
                await using var transaction = await _connection.BeginTransactionAsync();
                _insert.Transaction = transaction;
                foreach (var evt in _batch)
                {
                    _id.Value = evt.Id.ToString();
                    _seq.Value = evt.Sequence;
                    _parent.Value = evt.ParentId?.ToString() ?? (object)DBNull.Value;
                    _kind.Value = evt.Kind.ToName();
                    _role.Value = evt.Role ?? (object)DBNull.Value;
                    _payload.Value = evt.PayloadJson;
                    _ts.Value = evt.Timestamp.ToUnixTimeMilliseconds();
                    _duration.Value = evt.Duration is { } d ? (long)(d.Ticks / 10) : DBNull.Value;
                    await _insert.ExecuteNonQueryAsync();
                }

                await transaction.CommitAsync();
                _insert.Transaction = null;
            }
            catch (Exception ex)
            {
                Fail(ex);
                return false;
            }
            finally
            {
                turn.Dispose();
            }

            // Live readers in this process get the batch now, without reading it back from the store.
            _feed?.Published(RunId, _batch);
            Release(_batch[^1].Sequence);
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
        _feed?.WriterClosed(RunId);
        _stop.Dispose();
        _signal.Dispose();
        _writing.Dispose();
        await _insert.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
