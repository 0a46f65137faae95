namespace Leviathan.Core.Reporting;

/// <summary>
/// Reports on the reporter's own thread, as the value is reported, one report at a time. <see cref="Progress{T}"/>
/// posts each value to the thread pool instead, so its handler can run after the work it reports on has returned
/// (a progress line printed after the closing table, or written to an output already closed) and several handlers
/// can run at once.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    private readonly Lock _gate = new();

    public void Report(T value)
    {
        lock (_gate)
        {
            report(value);
        }
    }
}
