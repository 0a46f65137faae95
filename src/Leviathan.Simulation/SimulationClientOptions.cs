namespace Leviathan.Simulation;

/// <summary>How <see cref="SimulationClient"/> runs its MuJoCo worker processes.</summary>
public sealed record SimulationClientOptions
{
    /// <summary>Worker processes that may run at once (default: one per CPU core).</summary>
    public int MaxWorkers { get; init; } = Environment.ProcessorCount;

    /// <summary>Longest a single request may take before its worker is stopped (default 10 minutes).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Longest a worker may take to start (default 30 s).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The worker executable or dll; default: Leviathan.Simulation next to the application.</summary>
    public string? WorkerPath { get; init; }

    internal string ResolveWorkerPath()
    {
        if (WorkerPath is not null)
        {
            return WorkerPath;
        }

        var folder = Path.GetDirectoryName(typeof(SimulationClientOptions).Assembly.Location) is { Length: > 0 } location
            ? location
            : AppContext.BaseDirectory;
        var apphost = Path.Combine(folder, "Leviathan.Simulation");
        if (File.Exists(apphost))
        {
            return apphost;
        }

        var dll = Path.Combine(folder, "Leviathan.Simulation.dll");
        return File.Exists(dll)
            ? dll
            : throw new SimulationException($"the MuJoCo worker (Leviathan.Simulation) is missing from {folder}; rebuild the application");
    }

    internal void Check()
    {
        if (MaxWorkers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxWorkers), MaxWorkers, "at least one worker is needed");
        }

        if (RequestTimeout <= TimeSpan.Zero || StartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "timeouts must be positive");
        }
    }
}
