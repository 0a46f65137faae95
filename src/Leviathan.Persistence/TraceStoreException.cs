namespace Leviathan.Persistence;

/// <summary>The store cannot do what was asked: the message says what is wrong, the hint how to fix it.</summary>
public sealed class TraceStoreException(string message, string hint, Exception? inner = null) : Exception(message, inner)
{
    public string Hint { get; } = hint;
}
