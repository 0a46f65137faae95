using System.ComponentModel;

namespace Leviathan.Server.Runs;

/// <summary>One page of a run's events in sequence order.</summary>
internal sealed record EventPage(
    IReadOnlyList<EventResource> Items,
    [property: Description("Pass as after_seq to get the next page; null when this page reached the last event recorded so far.")] long? NextAfterSeq);
