using System.Collections.Concurrent;

namespace Leviathan.Simulation.Workers;

/// <summary>
/// Worker processes started on demand up to a limit and reused. A worker that crashed, timed out or was
/// cancelled is discarded; the next request starts a fresh one.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly SimulationClientOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentStack<WorkerProcess> _idle = new();
    private bool _disposed;
    private int _started;

    public WorkerPool(SimulationClientOptions options)
    {
        _options = options;
        _slots = new SemaphoreSlim(options.MaxWorkers, options.MaxWorkers);
    }

    /// <summary>Workers started so far (for tests and diagnostics).</summary>
    public int Started => Volatile.Read(ref _started);

    public async Task<T> UseAsync<T>(Func<WorkerProcess, Task<T>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        WorkerProcess? worker = null;
        var healthy = false;
        try
        {
            worker = await TakeAsync(cancellationToken);
            var result = await work(worker);
            healthy = worker.IsAlive;
            return result;
        }
        finally
        {
            if (worker is not null)
            {
                if (healthy && !_disposed)
                {
                    _idle.Push(worker);
                }
                else
                {
                    worker.Dispose();
                }
            }

            _slots.Release();
        }
    }

    /// <summary>Starts workers until <paramref name="count"/> are idle, so the first requests do not pay for start-up.</summary>
    public async Task WarmUpAsync(int count, CancellationToken cancellationToken)
    {
        var target = Math.Min(count, _options.MaxWorkers);
        while (_idle.Count < target)
        {
            _idle.Push(await StartAsync(cancellationToken));
        }
    }

    private async Task<WorkerProcess> TakeAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryPop(out var idle))
        {
            if (idle.IsAlive)
            {
                return idle;
            }

            idle.Dispose();
        }

        return await StartAsync(cancellationToken);
    }

    private async Task<WorkerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var worker = await WorkerProcess.StartAsync(_options.ResolveWorkerPath(), _options.StartTimeout, cancellationToken);
        Interlocked.Increment(ref _started);
        return worker;
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var worker))
        {
            worker.Dispose();
        }

        _slots.Dispose();
    }
}
