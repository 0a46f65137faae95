using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The writer of one run's events. <see cref="Append"/> numbers the event and queues it; the queue is written by one batch
/// at a time (<see cref="TraceBatchWrite"/>), handed to the store, which on SQLite commits it in the group of every run's
/// writes queued at that moment (see <see cref="GroupCommitWriter"/>). The first event appended while no batch is on its way
/// sends one; events appended meanwhile go in the next, sent when that one is committed, so the run's batches are committed
/// in order. A committed batch goes to the live readers (<see cref="EventFeed"/>), then releases the flushes waiting for
/// it. A failed batch breaks the writer: nothing after it is written, so the stored sequence stays gap-free.
/// </summary>
internal sealed class TraceWriter : ITraceWriter
{
    private readonly TimeProvider _time;
    private readonly int _batchSize;
    private readonly Action<StoreWriteItem> _submit;
    private readonly EventFeed? _feed;
    private readonly Lock _gate = new();
    private readonly List<TraceEvent> _queue = [];
    private readonly List<(long Sequence, TaskCompletionSource Done)> _waiters = [];
    private long _lastSequence;
    private long _durableSequence;
    private bool _sending;
    private Exception? _fault;
    private bool _disposed;

    // submit: hands a batch to the store (queued to its group writer on SQLite, written at once on PostgreSQL).
    // feed: live readers in this process, handed each committed batch.
    public TraceWriter(Guid runId, long lastSequence, TimeProvider time, int batchSize, Action<StoreWriteItem> submit, EventFeed? feed = null)
    {
        RunId = runId;
        _lastSequence = lastSequence;
        _durableSequence = lastSequence;
        _time = time;
        _batchSize = batchSize;
        _submit = submit;
        _feed = feed;
        _feed?.WriterOpened(runId);
    }

    public Guid RunId { get; }

    /// <summary>
    /// The commit of the run's own row, when the writer was opened before it (<see cref="TraceStore.StartRunWritingAsync"/>):
    /// the run's batches are queued after it, and a flush reports its failure rather than the batches' missing run.
    /// </summary>
    internal Task? Created { get; init; }

    public TraceEvent Append(NewEvent newEvent)
    {
        ArgumentNullException.ThrowIfNull(newEvent);
        TraceEvent stored;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_fault is not null)
            {
                throw new InvalidOperationException($"the trace of run {RunId} can no longer be written: {_fault.Message}", _fault);
            }

            stored = new TraceEvent(
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
            if (_sending)
            {
                return stored;
            }

            _sending = true;
        }

        Send();
        return stored;
    }

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        if (Created is { IsCompletedSuccessfully: false } created)
        {
            try
            {
                await created.WaitAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw NotCreated(ex);
            }
        }

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

            // A batch is on its way (every event appended is in one, or waits for the next): wait for the commit of the last.
            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((_lastSequence, done));
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>The next batch: at most the batch size of the oldest events queued. Called by the batch, in its transaction.</summary>
    internal List<TraceEvent> TakeBatch()
    {
        lock (_gate)
        {
            var take = Math.Min(_batchSize, _queue.Count);
            var batch = _queue.GetRange(0, take);
            _queue.RemoveRange(0, take);
            return batch;
        }
    }

    /// <summary>A batch is committed: live readers get it, the flushes it covers return, and the next batch goes if events wait.</summary>
    internal void Committed(List<TraceEvent> batch)
    {
        if (batch.Count > 0)
        {
            // Live readers in this process get the batch now, without reading it back from the store.
            _feed?.Published(RunId, batch);
        }

        List<TaskCompletionSource>? ready = null;
        bool more;
        lock (_gate)
        {
            if (batch.Count > 0)
            {
                _durableSequence = batch[^1].Sequence;
            }

            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Sequence <= _durableSequence)
                {
                    (ready ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }

            more = _queue.Count > 0;
            _sending = more;
        }

        ready?.ForEach(t => t.TrySetResult());
        if (more)
        {
            Send();
        }
    }

    /// <summary>A batch failed: the writer is broken, and every flush waiting (or to come) says why.</summary>
    internal void Fail(Exception ex)
    {
        if (Created is { IsFaulted: true } created)
        {
            // Its batches fail for want of the run: say why the run is missing.
            ex = NotCreated(created.Exception.InnerException ?? created.Exception);
        }

        List<TaskCompletionSource> waiting;
        lock (_gate)
        {
            _fault = ex;
            _queue.Clear();
            _sending = false;
            waiting = _waiters.ConvertAll(w => w.Done);
            _waiters.Clear();
        }

        var error = new InvalidOperationException($"the trace of run {RunId} could not be written: {ex.Message}", ex);
        waiting.ForEach(t => t.TrySetException(error));
    }

    private InvalidOperationException NotCreated(Exception ex) => new($"the run {RunId} could not be created in the store: {ex.Message}", ex);

    // Never throws from Committed: the store's writer takes the next batch until it has stopped, and it stops only when
    // nothing is queued.
    private void Send()
    {
        try
        {
            _submit(new TraceBatchWrite(this));
        }
        catch (Exception ex)
        {
            // The store is closed: nothing more can be written.
            Fail(ex);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_fault is null && _durableSequence < _lastSequence)
            {
                drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((_lastSequence, drained));
            }
        }

        // What was appended is written before the writer closes.
        if (drained is not null)
        {
            try
            {
                await drained.Task;
            }
            catch (InvalidOperationException)
            {
                // The batch failed: the flushes waiting were told why, and the store keeps what was committed before it.
            }
        }

        _feed?.WriterClosed(RunId);
    }
}
