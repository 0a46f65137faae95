namespace Leviathan.Models.Errors;

/// <summary>A streamed answer ended before the server said it was finished (no finish reason), or the connection broke mid-stream.</summary>
public sealed class ModelStreamTruncatedException(string profile, Uri endpoint, int chunksReceived, string detail, Exception? innerException = null)
    : ModelException(
        profile,
        endpoint,
        $"model profile '{profile}' ({endpoint}): the streamed answer was cut off after {chunksReceived} chunk(s): {detail}",
        "the server or a proxy closed the stream early; the partial answer is not used",
        innerException)
{
    public int ChunksReceived { get; } = chunksReceived;

    public override bool IsTransient => true;
}
