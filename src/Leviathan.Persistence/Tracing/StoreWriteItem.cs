namespace Leviathan.Persistence.Tracing;

/// <summary>
/// One caller's write, as the store runs it: <see cref="WriteAsync"/> inside a transaction (on SQLite, inside its own
/// savepoint of a group's transaction), then <see cref="Committed"/> once that transaction is committed, or
/// <see cref="Failed"/> when the item's writes were rolled back. Exactly one of the two is called.
/// </summary>
internal abstract class StoreWriteItem(bool urgent)
{
    private const int Queued = 0;
    private const int Taken = 1;
    private const int Cancelled = 2;

    private int _state;
    private CancellationTokenRegistration _cancellation;

    /// <summary>Goes before the ordinary items waiting (the job queue's writes, which someone waits on).</summary>
    public bool Urgent { get; } = urgent;

    /// <summary>Why this item failed in the group being written; null while it has not.</summary>
    internal Exception? Error { get; set; }

    /// <summary>
    /// Does the item's writes. On SQLite it may run more than once for one commit: when SQLite rolls a whole group back
    /// (it may, on a full disk), the group is written again without the item that failed, so the writes must not depend
    /// on an earlier try having happened.
    /// </summary>
    public abstract Task WriteAsync(StoreWrite write, CancellationToken cancellationToken);

    /// <summary>The item's writes are committed (durable and visible to other connections).</summary>
    public abstract void Committed();

    /// <summary>The item's writes were rolled back; the others of its group are not affected unless the commit itself failed.</summary>
    public abstract void Failed(Exception error);

    /// <summary>Fails the item with a cancellation, unless the writer has taken it already (then it is written).</summary>
    internal void CancelWhenQueued(CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            _cancellation = cancellationToken.UnsafeRegister(static (state, token) =>
            {
                var item = (StoreWriteItem)state!;
                if (Interlocked.CompareExchange(ref item._state, Cancelled, Queued) == Queued)
                {
                    item.Failed(new OperationCanceledException(token));
                }
            }, this);
        }
    }

    /// <summary>Claims the item for writing; false when it was cancelled while queued.</summary>
    internal bool TryTake()
    {
        if (Interlocked.CompareExchange(ref _state, Taken, Queued) != Queued)
        {
            return false;
        }

        _cancellation.Unregister();
        Error = null;
        return true;
    }
}
