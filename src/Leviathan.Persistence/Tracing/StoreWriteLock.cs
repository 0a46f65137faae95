namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The store's one writer at a time, waited for without holding a thread. Writers are served in the order they came,
/// except that urgent ones (the job queue's short writes: a POST waiting to answer, a worker waiting to start its next
/// job) go before the ordinary ones waiting (trace batches, run updates), which a hundred busy runs can queue by the dozen.
/// </summary>
internal sealed class StoreWriteLock
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _urgent = new();
    private readonly Queue<TaskCompletionSource> _ordinary = new();
    private bool _held;
    private long _turns;

    /// <summary>How many turns were taken so far (each one is one SQLite write transaction): the perf harness reports it.</summary>
    public long Turns => Interlocked.Read(ref _turns);

    /// <summary>Waits for the turn; <see cref="Exit"/> gives it back.</summary>
    public async ValueTask EnterAsync(bool urgent, CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        Interlocked.Increment(ref _turns);
        lock (_gate)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!_held)
            {
                _held = true;
                return;
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            (urgent ? _urgent : _ordinary).Enqueue(waiter);
        }

        // A waiter cancelled while queued stays in its queue; Exit skips it (its result can no longer be set).
        await using var registration = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter);
        await waiter.Task;
    }

    /// <summary>Hands the turn to the next urgent writer, else the next ordinary one, else frees it.</summary>
    public void Exit()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_gate)
            {
                if (!_urgent.TryDequeue(out next) && !_ordinary.TryDequeue(out next))
                {
                    _held = false;
                    return;
                }
            }

            if (next.TrySetResult())
            {
                return;
            }
        }
    }
}
