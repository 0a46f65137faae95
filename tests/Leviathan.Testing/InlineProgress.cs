namespace Leviathan.Testing;

/// <summary>
/// Reports on the reporter's own thread, as the value is reported (<see cref="Progress{T}"/> posts it to the thread pool,
/// later): what a test needs to act at an exact point, such as interrupting a run once it has done something.
/// </summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
