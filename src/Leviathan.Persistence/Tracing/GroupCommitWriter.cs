using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The one writer of a SQLite store: every write of this process's runs (event batches, run updates, plans, artifacts,
/// the job queue) is queued here, and a dedicated thread commits whatever is queued in one transaction.
/// <para>
/// SQLite takes one writer at a time, and a commit costs about the same for one row as for a hundred (the WAL frames,
/// the lock, the fsync when synchronous=full). When a hundred runs reach the same step together, a turn per writer
/// queued each of them behind a hundred small commits, each stretched by the CPU contention of that very burst. Here
/// the writes queued at that moment go in one transaction: the urgent items first (the job queue's, which someone waits
/// on), then the others in the order they came, so one run's writes keep their order. Each item runs inside its own
/// savepoint: an item that fails (a constraint, the database's size limit, a bug) is rolled back alone and fails only its
/// caller; the others commit. When SQLite rolls the whole transaction back itself (it may, on a full disk), the group is
/// written again without the item that failed. A crash leaves no half group: it is one transaction.
/// </para>
/// <para>
/// The thread is not a thread-pool thread, so a group is not queued behind the burst's own work items; callers are
/// completed after the commit with their continuations sent to the thread pool. The thread takes the store's write turn
/// (<see cref="StoreWriteLock"/>) per group, so EF Core writes that still take that turn never overlap a group.
/// Statements are prepared once on the writer's connection (<see cref="StoreWrite"/> keeps them by SQL).
/// </para>
/// </summary>
internal sealed class GroupCommitWriter : IAsyncDisposable
{
    // Each item's writes sit in this savepoint, released (kept) or rolled back before the next item's.
    private const string Savepoint = "SAVEPOINT item";
    private const string Release = "RELEASE item";
    private const string RollBackItem = "ROLLBACK TO item";

    private readonly Func<DbConnection> _open;
    private readonly StoreWriteLock _turns;
    private readonly Lock _gate = new();
    private readonly List<StoreWriteItem> _urgent = [];
    private readonly List<StoreWriteItem> _ordinary = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _thread;
    private DbConnection? _connection;
    private StoreWrite? _write;
    private bool _stopping;
    private bool _stopped;
    private long _groups;
    private long _busyTicks;

    /// <param name="open">Opens the writer's connection (with the store's pragmas); called on the writer's thread.</param>
    /// <param name="turns">The store's write turn, taken around each group.</param>
    public GroupCommitWriter(Func<DbConnection> open, StoreWriteLock turns)
    {
        _open = open;
        _turns = turns;
        _thread = new Thread(Run) { IsBackground = true, Name = "Leviathan store writer" };
        _thread.Start();
    }

    /// <summary>How many groups (transactions) were committed.</summary>
    public long GroupsCommitted => Interlocked.Read(ref _groups);

    /// <summary>How long the writer has held the write turn writing groups: the store's serial time.</summary>
    public TimeSpan Busy => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    /// <summary>Queues an item for the next group; cancelling <paramref name="cancellationToken"/> withdraws it while it is still queued.</summary>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public void Enqueue(StoreWriteItem item, CancellationToken cancellationToken)
    {
        item.CancelWhenQueued(cancellationToken);
        bool wake;
        lock (_gate)
        {
            // While it stops, the writer still takes items (a run's next batch, sent when the previous one is committed).
            ObjectDisposedException.ThrowIf(_stopped, this);
            wake = _urgent.Count == 0 && _ordinary.Count == 0;
            (item.Urgent ? _urgent : _ordinary).Add(item);
        }

        if (wake)
        {
            _signal.Release();
        }
    }

    /// <summary>Commits what is queued, then stops the thread and closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
        }

        _signal.Release();
        await _done.Task;
    }

    private void Run()
    {
        var group = new List<StoreWriteItem>();
        try
        {
            while (true)
            {
                _signal.Wait();
                while (TakeGroup(group))
                {
                    Commit(group);
                    group.Clear();
                }

                lock (_gate)
                {
                    if (_stopping && _urgent.Count == 0 && _ordinary.Count == 0)
                    {
                        _stopped = true;
                        break;
                    }
                }
            }

            _write?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _connection?.Dispose();
            _done.TrySetResult();
        }
        catch (Exception ex)
        {
            _done.TrySetException(ex);
            throw;
        }
    }

    /// <summary>Takes everything queued, urgent items first; false when nothing was.</summary>
    private bool TakeGroup(List<StoreWriteItem> group)
    {
        lock (_gate)
        {
            group.AddRange(_urgent.Where(item => item.TryTake()));
            group.AddRange(_ordinary.Where(item => item.TryTake()));

            _urgent.Clear();
            _ordinary.Clear();
        }

        return group.Count > 0;
    }

    private void Commit(List<StoreWriteItem> group)
    {
        _turns.Enter(urgent: group[0].Urgent);
        var start = Stopwatch.GetTimestamp();
        try
        {
            WriteGroup(group);
        }
        finally
        {
            _turns.Exit();
            Interlocked.Add(ref _busyTicks, Stopwatch.GetTimestamp() - start);
        }

        foreach (var item in group)
        {
            if (item.Error is { } error)
            {
                item.Failed(error);
            }
            else
            {
                item.Committed();
            }
        }
    }

    /// <summary>Writes the group in one transaction; each item that fails is left with its <see cref="StoreWriteItem.Error"/>.</summary>
    private void WriteGroup(List<StoreWriteItem> group)
    {
        var pending = new List<StoreWriteItem>(group);
        try
        {
            if (_write is null)
            {
                _connection = _open();
                _write = new StoreWrite(_connection, transaction: null);
            }

            while (!TryWrite(pending))
            {
                // SQLite rolled the whole transaction back: write the others again.
            }

            Interlocked.Increment(ref _groups);
        }
        catch (Exception ex)
        {
            // The transaction could not be begun or committed: nothing of the group is written.
            pending.ForEach(item => item.Error = ex);
            RollBack();
        }
    }

    /// <summary>Ends a transaction left open; a connection that cannot is closed (which rolls back) and opened again by the next group.</summary>
    private void RollBack()
    {
        if (_write is null || !InTransaction(_write.Connection))
        {
            return;
        }

        try
        {
            Execute("ROLLBACK");
        }
        catch (DbException)
        {
            _write.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _connection?.Dispose();
            (_write, _connection) = (null, null);
        }
    }

    /// <summary>
    /// One try at the group: false when an item's failure made SQLite roll back the whole transaction (that item is
    /// then failed and removed from <paramref name="pending"/>, and the rest are to be written again).
    /// </summary>
    private bool TryWrite(List<StoreWriteItem> pending)
    {
        Execute("BEGIN IMMEDIATE");
        for (var i = 0; i < pending.Count; i++)
        {
            var item = pending[i];
            Execute(Savepoint);
            try
            {
                // Microsoft.Data.Sqlite does its work synchronously: the task is complete when it returns.
                item.WriteAsync(_write!, CancellationToken.None).GetAwaiter().GetResult();
                Execute(Release);
            }
            catch (Exception ex)
            {
                item.Error = ex;
                pending.RemoveAt(i--);
                if (!InTransaction(_write!.Connection))
                {
                    return false;
                }

                Execute(RollBackItem);
                Execute(Release);
            }
        }

        Execute("COMMIT");
        return true;
    }

    private void Execute(string sql) => _write!.Command(sql, []).ExecuteNonQuery();

    private static bool InTransaction(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0;
}
