using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Tests.Diagnostics;

/// <summary>Keeps every log message at or above a level, for assertions.</summary>
internal sealed class ListLoggerFactory(LogLevel minimum) : ILoggerFactory
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new ListLogger(this);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    private sealed class ListLogger(ListLoggerFactory owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Messages.Enqueue((logLevel, formatter(state, exception)));
            }
        }
    }

    public LogLevel Minimum { get; } = minimum;
}
