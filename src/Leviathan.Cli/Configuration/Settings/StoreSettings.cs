using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>The section <c>store</c>: where runs are recorded.</summary>
internal sealed class StoreSettings
{
    public const string Section = "store";

    /// <summary><c>sqlite</c> (a file in the home) or <c>postgres</c> (several machines share one store).</summary>
    [ConfigurationKeyName("provider")]
    [Choice("sqlite", "postgres")]
    public string Provider { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string (or another SQLite file).</summary>
    [ConfigurationKeyName("connection")]
    public string? Connection { get; set; }

    /// <summary>SQLite's <c>synchronous</c> mode.</summary>
    [ConfigurationKeyName("synchronous")]
    [Choice("normal", "full")]
    public string Synchronous { get; set; } = "normal";

    /// <summary>Events written per transaction at most.</summary>
    [ConfigurationKeyName("batch_size")]
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 512;
}
