using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// One reader's view of a run's committed events in this process (see <see cref="EventFeed.Subscribe"/>). Dispose it
/// when the reader stops.
/// </summary>
public sealed class EventSubscription : IDisposable
{
    /// <summary>A reader further behind than this many events is told to read the store instead of being sent more.</summary>
    internal const int MaxPending = 4096;

    /// <summary>With a writer of the run open in this process every commit arrives here, so the store is polled this many times less often (only to notice a run ended elsewhere).</summary>
    internal const int LocalWriterPollFactor = 10;

    private readonly EventFeed _feed;
    private readonly EventFeedTopic _topic;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0, 1);
    private List<TraceEvent> _pending = [];
    private bool _readStore;
    private bool _disposed;

    internal EventSubscription(EventFeed feed, EventFeedTopic topic, TimeProvider time)
    {
        _feed = feed;
        _topic = topic;
        _time = time;
    }

    /// <summary>
    /// Waits for the next committed events and returns them in sequence order, or null when the reader should read the
    /// store instead: no writer in this process sent anything within <paramref name="poll"/> (a writer elsewhere may
    /// have), the run's writer closed (the run may have ended), or the reader fell too far behind. Events may repeat
    /// ones the reader already has (it skips those by sequence) and never skip one without returning null.
    /// </summary>
    public async Task<IReadOnlyList<TraceEvent>?> WaitAsync(TimeSpan poll, CancellationToken cancellationToken)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_readStore)
                {
                    _readStore = false;
                    _pending.Clear();
                    return null;
                }

                if (_pending.Count > 0)
                {
                    var events = _pending;
                    _pending = [];
                    return events;
                }
            }

            var wait = _topic.Writers > 0 ? poll * LocalWriterPollFactor : poll;
            using var timeout = new CancellationTokenSource(wait, _time);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                await _signal.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                lock (_gate)
                {
                    // Anything delivered meanwhile is in the store too: one read covers both.
                    _pending.Clear();
                    _readStore = false;
                }

                return null;
            }
        }
    }

    /// <summary>A committed batch, or null for "look at the store".</summary>
    internal void Deliver(IReadOnlyList<TraceEvent>? batch)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            if (batch is null || _readStore || _pending.Count + batch.Count > MaxPending)
            {
                _readStore = true;
                _pending.Clear();
            }
            else
            {
                _pending.AddRange(batch);
            }

            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _feed.Unsubscribe(this, _topic);
        _signal.Dispose();
    }
}
