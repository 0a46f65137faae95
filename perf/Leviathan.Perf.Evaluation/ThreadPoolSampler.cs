using System.Globalization;

namespace Leviathan.Perf.Evaluation;

/// <summary>Samples the thread pool (threads, queued work items) every 50 ms while the benchmark runs.</summary>
internal sealed class ThreadPoolSampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _samples;
    private long _pendingSum;
    private long _pendingMax;
    private int _threadsMax;

    public ThreadPoolSampler()
    {
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Print() => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  thread pool: up to {_threadsMax} threads; queued work items mean {(double)_pendingSum / Math.Max(1, _samples):0.0}, max {_pendingMax} ({_samples} samples)"));

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }

    private void Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            var pending = ThreadPool.PendingWorkItemCount;
            _samples++;
            _pendingSum += pending;
            _pendingMax = Math.Max(_pendingMax, pending);
            _threadsMax = Math.Max(_threadsMax, ThreadPool.ThreadCount);
            _stop.Token.WaitHandle.WaitOne(50);
        }
    }
}
