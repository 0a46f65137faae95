using Leviathan.Core.Tracing;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// Tells readers in this process the moment a run's events are committed: every <see cref="ITraceWriter"/> of the
/// store hands each committed batch to the run's subscribers, so a live stream needs no store read per event. Writers
/// in other processes (sharing the database) are not seen here; <see cref="EventSubscription.WaitAsync"/> falls back
/// to asking the reader to poll the store while no writer of the run is open in this process.
/// </summary>
public sealed class EventFeed
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, EventFeedTopic> _topics = [];
    private readonly TimeProvider _time;

    internal EventFeed(TimeProvider time) => _time = time;

    /// <summary>
    /// Starts receiving the events of <paramref name="runId"/> committed from now on. Subscribe before reading the
    /// store: an event committed between the read and the subscription would otherwise be seen by neither.
    /// </summary>
    public EventSubscription Subscribe(Guid runId)
    {
        lock (_gate)
        {
            var topic = TopicOf(runId);
            var subscription = new EventSubscription(this, topic, _time);
            topic.Subscribers.Add(subscription);
            return subscription;
        }
    }

    internal void WriterOpened(Guid runId)
    {
        lock (_gate)
        {
            TopicOf(runId).Writers++;
        }
    }

    internal void WriterClosed(Guid runId)
    {
        lock (_gate)
        {
            if (!_topics.TryGetValue(runId, out var topic))
            {
                return;
            }

            topic.Writers--;
            Forget(runId, topic);
        }

        // The run may end now: readers look at the store for its status (and anything a later writer elsewhere adds).
        RunChanged(runId);
    }

    /// <summary>Sends the run's readers to the store (its status changed: it ended, say).</summary>
    internal void RunChanged(Guid runId)
    {
        EventSubscription[] waking;
        lock (_gate)
        {
            if (!_topics.TryGetValue(runId, out var topic))
            {
                return;
            }

            waking = [.. topic.Subscribers];
        }

        foreach (var subscription in waking)
        {
            subscription.Deliver(null);
        }
    }

    /// <summary>Called by a writer right after a batch is committed, in commit order; the batch is copied, so the writer may reuse it.</summary>
    internal void Published(Guid runId, List<TraceEvent> batch)
    {
        EventSubscription[] receivers;
        lock (_gate)
        {
            if (!_topics.TryGetValue(runId, out var topic) || topic.Subscribers.Count == 0)
            {
                return;
            }

            receivers = [.. topic.Subscribers];
        }

        TraceEvent[] committed = [.. batch];
        foreach (var subscription in receivers)
        {
            subscription.Deliver(committed);
        }
    }

    internal void Unsubscribe(EventSubscription subscription, EventFeedTopic topic)
    {
        lock (_gate)
        {
            topic.Subscribers.Remove(subscription);
            Forget(topic.RunId, topic);
        }
    }

    private EventFeedTopic TopicOf(Guid runId)
    {
        if (!_topics.TryGetValue(runId, out var topic))
        {
            topic = new EventFeedTopic(runId);
            _topics[runId] = topic;
        }

        return topic;
    }

    private void Forget(Guid runId, EventFeedTopic topic)
    {
        if (topic.Writers <= 0 && topic.Subscribers.Count == 0)
        {
            _topics.Remove(runId);
        }
    }
}
