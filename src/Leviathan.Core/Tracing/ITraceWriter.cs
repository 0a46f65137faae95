namespace Leviathan.Core.Tracing;

/// <summary>
/// Appends the events of one run. <see cref="Append"/> assigns the id and sequence number at once
/// and queues the event; writes are batched in the background. <see cref="FlushAsync"/> completes
/// when everything appended so far is durable: a step is reported done only after awaiting it.
/// </summary>
public interface ITraceWriter : IAsyncDisposable
{
    /// <summary>The run this writer appends to.</summary>
    Guid RunId { get; }

    /// <summary>Queues an event; never blocks on storage.</summary>
    /// <returns>The event as it will be stored, with its id and sequence number.</returns>
    /// <exception cref="InvalidOperationException">A previous batch failed to write; the writer is broken.</exception>
    TraceEvent Append(NewEvent newEvent);

    /// <summary>Completes when every event appended so far is durable; throws if a write failed.</summary>
    Task FlushAsync(CancellationToken cancellationToken = default);
}
