namespace Leviathan.Simulation.Workers;

/// <summary>A worker process died while handling a request; <see cref="FatalMessage"/> is MuJoCo's error, when it gave one.</summary>
internal sealed class WorkerCrashedException(string message, string? fatalMessage, int? exitCode) : Exception(message)
{
    public string? FatalMessage { get; } = fatalMessage;

    public int? ExitCode { get; } = exitCode;
}
