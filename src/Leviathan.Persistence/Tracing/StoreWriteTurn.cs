namespace Leviathan.Persistence.Tracing;

/// <summary>A writer's turn at a database that takes one writer at a time; disposing it gives the turn back.</summary>
internal readonly struct StoreWriteTurn(StoreWriteLock? writers) : IDisposable
{
    public void Dispose() => writers?.Exit();
}
