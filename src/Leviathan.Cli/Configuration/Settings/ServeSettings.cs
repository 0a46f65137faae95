using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>The section <c>serve</c>: the HTTP service (docs/service.md).</summary>
internal sealed class ServeSettings
{
    public const string Section = "serve";

    /// <summary>Comma-separated listen addresses.</summary>
    [ConfigurationKeyName("urls")]
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Runs executed at once in the server's process.</summary>
    [ConfigurationKeyName("workers")]
    [Range(1, 1024)]
    public int Workers { get; set; } = 2;

    [ConfigurationKeyName("rate_limit_burst")]
    [Range(1, 1_000_000)]
    public int RateLimitBurst { get; set; } = 200;

    [ConfigurationKeyName("rate_limit_per_second")]
    [Range(1, 1_000_000)]
    public int RateLimitPerSecond { get; set; } = 100;

    [ConfigurationKeyName("max_model_bytes")]
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxModelBytes { get; set; } = 1024 * 1024;

    /// <summary>Comma-separated folders under which <c>POST /v1/runs</c> may name a workspace; empty = none.</summary>
    [ConfigurationKeyName("workspace_roots")]
    public string? WorkspaceRoots { get; set; }

    /// <summary>The largest .tar.gz <c>POST /v1/workspaces/archive</c> accepts.</summary>
    [ConfigurationKeyName("max_archive_bytes")]
    [Range(1024, 16L * 1024 * 1024 * 1024)]
    public long MaxArchiveBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>The most an uploaded archive may unpack to.</summary>
    [ConfigurationKeyName("max_workspace_bytes")]
    [Range(1024, 1024L * 1024 * 1024 * 1024)]
    public long MaxWorkspaceBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The largest benchmark file (and each mesh file) <c>POST /v1/physics/attempts</c> copies.</summary>
    [ConfigurationKeyName("max_benchmark_bytes")]
    [Range(1024, 256L * 1024 * 1024)]
    public long MaxBenchmarkBytes { get; set; } = 1024 * 1024;

    /// <summary>The most benchmarks one <c>POST /v1/physics/generations</c> may ask for.</summary>
    [ConfigurationKeyName("max_generation_count")]
    [Range(1, 100)]
    public int MaxGenerationCount { get; set; } = 20;

    /// <summary>Candidates one generation job verifies at once.</summary>
    [ConfigurationKeyName("generation_workers")]
    [Range(1, 64)]
    public int GenerationWorkers { get; set; } = 1;

    [ConfigurationKeyName("max_jobs_per_key")]
    [Range(1, 100_000)]
    public int MaxJobsPerKey { get; set; } = 100;

    /// <summary>Seconds a key that authenticated is trusted without reading the store; bounds how long a revoke made elsewhere takes to bite.</summary>
    [ConfigurationKeyName("key_cache_seconds")]
    [Range(0, 3600)]
    public int KeyCacheSeconds { get; set; } = 5;

    /// <summary>Seconds a live event stream may stay quiet before it sends a <c>: keep-alive</c> comment line.</summary>
    [ConfigurationKeyName("stream_heartbeat_seconds")]
    [Range(1, 3600)]
    public int StreamHeartbeatSeconds { get; set; } = 15;
}
