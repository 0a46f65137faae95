using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Leviathan.Models.Building;

/// <summary>Process-wide settings of a <see cref="ModelClientFactory"/>.</summary>
public sealed record ModelClientFactoryOptions
{
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;

    /// <summary>Reads environment variables (API keys); the default reads the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>How long to wait for a TCP connection: a dead endpoint fails within this, not after the call timeout.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
