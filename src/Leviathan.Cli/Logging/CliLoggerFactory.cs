using Microsoft.Extensions.Logging;

namespace Leviathan.Cli.Logging;

/// <summary>
/// Logs of one invocation, one line each, to a sink the command chooses (stderr, or above a live progress view).
/// Quiet by default (errors only); <c>--verbose</c> (<c>-v</c>) shows debug detail. Payloads are logged at Trace only.
/// </summary>
internal sealed class CliLoggerFactory(Action<string> sink, LogLevel minimum) : ILoggerFactory
{
    /// <summary>The level a command logs at: <see cref="LogLevel.Error"/>, or <see cref="LogLevel.Debug"/> with <c>--verbose</c>.</summary>
    public static LogLevel LevelFor(bool verbose) => verbose ? LogLevel.Debug : LogLevel.Error;

    public ILogger CreateLogger(string categoryName) => new CliLogger(categoryName, sink, minimum);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("the CLI logs to its own sink only");

    public void Dispose()
    {
    }
}
