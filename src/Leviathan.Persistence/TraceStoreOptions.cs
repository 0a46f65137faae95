namespace Leviathan.Persistence;

/// <summary>Where and how the trace store keeps its data.</summary>
public sealed record TraceStoreOptions
{
    /// <summary>The Leviathan home folder: holds <c>leviathan.db</c> (SQLite) and <c>blobs/</c>.</summary>
    public required string Home { get; init; }

    /// <summary><c>sqlite</c> (embedded default) or <c>postgres</c>.</summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>The PostgreSQL connection string; for SQLite, an optional path overriding <c>&lt;home&gt;/leviathan.db</c>.</summary>
    public string? Connection { get; init; }

    /// <summary>
    /// SQLite durability: <c>normal</c> survives a crash of the process (the default), <c>full</c> also a
    /// power loss, at the cost of an fsync per batch.
    /// </summary>
    public string Synchronous { get; init; } = "normal";

    /// <summary>The most events written in one transaction.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>
    /// SQLite only: the largest the database file may grow to; writes beyond it fail as on a full disk.
    /// Null for no cap.
    /// </summary>
    public long? MaxDatabaseBytes { get; init; }

    /// <summary>Accepted providers.</summary>
    public static IReadOnlyList<string> Providers { get; } = ["sqlite", "postgres"];

    /// <summary>Accepted SQLite durability levels.</summary>
    public static IReadOnlyList<string> SynchronousModes { get; } = ["normal", "full"];

    internal string DatabasePath => Connection ?? Path.Combine(Home, "leviathan.db");
}
