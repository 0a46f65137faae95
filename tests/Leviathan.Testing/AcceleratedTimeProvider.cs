using System.Collections.Concurrent;

namespace Leviathan.Testing;

/// <summary>
/// A clock that runs <see cref="Speed"/> times faster than real time: a 2-second wait takes 2 ms at speed 1000.
/// Timers really fire (so code that waits, times out or backs off behaves as in production, in proportion),
/// and every wait asked for is remembered in <see cref="RequestedWaits"/> at its original length.
/// </summary>
public sealed class AcceleratedTimeProvider(double speed) : TimeProvider
{
    private readonly long _startTimestamp = System.GetTimestamp();
    private readonly DateTimeOffset _startUtc = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public double Speed { get; } = speed;

    /// <summary>The due times of every timer created, unscaled, in creation order.</summary>
    public IReadOnlyList<TimeSpan> RequestedWaits => _waits.ToList();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override long GetTimestamp() => _startTimestamp + (long)((System.GetTimestamp() - _startTimestamp) * Speed);

    public override DateTimeOffset GetUtcNow() => _startUtc + System.GetElapsedTime(_startTimestamp) * Speed;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Enqueue(dueTime);
        }

        return new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);
    }

    private TimeSpan Scale(TimeSpan value) =>
        value == Timeout.InfiniteTimeSpan || value == TimeSpan.Zero ? value : TimeSpan.FromTicks(Math.Max(1, (long)(value.Ticks / Speed)));

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider owner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                owner._waits.Enqueue(dueTime);
            }

            return inner.Change(owner.Scale(dueTime), owner.Scale(period));
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
