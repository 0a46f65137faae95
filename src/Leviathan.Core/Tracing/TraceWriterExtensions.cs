namespace Leviathan.Core.Tracing;

/// <summary>Conveniences over <see cref="ITraceWriter"/>.</summary>
public static class TraceWriterExtensions
{
    /// <summary>Appends an event and waits until it is durable.</summary>
    public static async Task<TraceEvent> AppendDurableAsync(
        this ITraceWriter writer, NewEvent newEvent, CancellationToken cancellationToken = default)
    {
        var stored = writer.Append(newEvent);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }
}
