namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The store's one writer at a time. On SQLite the group writer (<see cref="GroupCommitWriter"/>) takes it around each group
/// it commits, and the rare EF Core writes take it around theirs, so the two never meet inside SQLite's busy handler;
/// EF writers wait without holding a thread. Writers are served in the order they came, except that urgent ones (a group
/// holding the job queue's writes) go before the ordinary ones waiting.
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
        cancellationToken.ThrowIfCancellationRequested();
        if (Queue(urgent, TaskCreationOptions.RunContinuationsAsynchronously) is not { } waiter)
        {
            return;
        }

        // A waiter cancelled while queued stays in its queue; Exit skips it (its result can no longer be set).
        await using var registration = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetCanceled(), waiter);
        await waiter.Task;
    }

    /// <summary>Waits for the turn blocking the calling thread (the store's group writer, on a thread of its own).</summary>
    public void Enter(bool urgent) =>

        // Completed inline by Exit: the blocked thread is woken at once, not through the thread pool.
        Queue(urgent, TaskCreationOptions.None)?.Task.Wait();

    /// <summary>Takes the turn when it is free (null), else queues a waiter that <see cref="Exit"/> completes with it.</summary>
    private TaskCompletionSource? Queue(bool urgent, TaskCreationOptions options)
    {
        Interlocked.Increment(ref _turns);
        lock (_gate)
        {
            if (!_held)
            {
                _held = true;
                return null;
            }

            var waiter = new TaskCompletionSource(options);
            (urgent ? _urgent : _ordinary).Enqueue(waiter);
            return waiter;
        }
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
