using System.Diagnostics;
using System.Globalization;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// Samples the thread pool (threads, queued work items) every 25 ms while the benchmark runs, and the CPU the process tree
/// uses: how busy the machine's cores were in each quarter second shows where the runs' bursts are.
/// </summary>
internal sealed class ThreadPoolSampler : IDisposable
{
    private readonly Func<double?> _cpu;
    private readonly List<(long At, double Cpu)> _cpuSamples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _samples;
    private long _pendingSum;
    private long _pendingMax;
    private int _threadsMax;

    public ThreadPoolSampler(Func<double?> cpuSeconds)
    {
        _cpu = cpuSeconds;
        _loop = Task.Factory.StartNew(Loop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Print()
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  thread pool: up to {_threadsMax} threads; queued work items mean {(double)_pendingSum / Math.Max(1, _samples):0.0}, max {_pendingMax} ({_samples} samples)"));
        if (_cpuSamples.Count < 2)
        {
            return;
        }

        // Percent of all cores used by the process tree in each 250 ms from the start.
        var buckets = new List<string>();
        var bucket = Stopwatch.Frequency / 4;
        var start = _cpuSamples[0];
        for (var i = 1; i < _cpuSamples.Count;)
        {
            var end = start.At + bucket;
            var j = i;
            while (j < _cpuSamples.Count - 1 && _cpuSamples[j].At < end)
            {
                j++;
            }

            var last = _cpuSamples[j];
            var seconds = (double)(last.At - start.At) / Stopwatch.Frequency;
            buckets.Add(((last.Cpu - start.Cpu) / seconds / Environment.ProcessorCount * 100).ToString("0", CultureInfo.InvariantCulture));
            start = last;
            i = j + 1;
        }

        Console.WriteLine($"  cores busy (%, whole process tree, per 250 ms): {string.Join(' ', buckets)}");
    }

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
            if (_cpu() is { } cpu)
            {
                _cpuSamples.Add((Stopwatch.GetTimestamp(), cpu));
            }

            _stop.Token.WaitHandle.WaitOne(25);
        }
    }
}
