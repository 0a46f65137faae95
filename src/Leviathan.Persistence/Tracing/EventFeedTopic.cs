namespace Leviathan.Persistence.Tracing;

/// <summary>One run's subscribers in an <see cref="EventFeed"/> and the number of its writers open in this process (both changed under the feed's lock).</summary>
internal sealed class EventFeedTopic(Guid runId)
{
    public Guid RunId { get; } = runId;

    public List<EventSubscription> Subscribers { get; } = [];

    public int Writers { get; set; }
}
