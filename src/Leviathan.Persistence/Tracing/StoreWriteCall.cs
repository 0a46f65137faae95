namespace Leviathan.Persistence.Tracing;

/// <summary>A write whose caller awaits its result: the result is handed over once the write is committed.</summary>
internal sealed class StoreWriteCall<T>(Func<StoreWrite, CancellationToken, Task<T>> work, bool urgent) : StoreWriteItem(urgent)
{
    // Continuations run on the thread pool, never on the writer that completes them.
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    /// <summary>Completes with the work's result after the commit, or with its failure.</summary>
    public Task<T> Task => _done.Task;

    public override async Task WriteAsync(StoreWrite write, CancellationToken cancellationToken) =>
        _result = await work(write, cancellationToken);

    public override void Committed() => _done.TrySetResult(_result!);

    public override void Failed(Exception error)
    {
        if (error is OperationCanceledException cancelled)
        {
            _done.TrySetCanceled(cancelled.CancellationToken);
        }
        else
        {
            _done.TrySetException(error);
        }
    }
}
