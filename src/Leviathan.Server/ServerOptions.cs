namespace Leviathan.Server;

/// <summary>How <c>leviathan serve</c> listens and what it allows (configuration keys under <c>serve:</c>).</summary>
public sealed record ServerOptions
{
    /// <summary>Where Kestrel listens; loopback by default, so nothing is reachable from elsewhere until the operator says so.</summary>
    public IReadOnlyList<string> Urls { get; init; } = ["http://127.0.0.1:8080"];

    /// <summary>Jobs (runs) that run in the server's process at once.</summary>
    public int Workers { get; init; } = 2;

    /// <summary>Requests one key may make at once before it is throttled (the token bucket's size).</summary>
    public int RateLimitBurst { get; init; } = 200;

    /// <summary>Requests per second one key may make in the long run.</summary>
    public int RateLimitPerSecond { get; init; } = 100;

    /// <summary>The largest MJCF document <c>POST /v1/physics/validate</c> accepts, in bytes.</summary>
    public long MaxModelBytes { get; init; } = 1024 * 1024;

    /// <summary>The largest body any other endpoint accepts, in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>Where <c>POST /v1/admin/backups</c> uploads (the <c>backup</c> section); null answers 409 until it is configured.</summary>
    public Leviathan.Persistence.Backups.BackupOptions? Backup { get; init; }

    /// <summary>
    /// How long a key that authenticated is trusted without reading the store again. A key revoked through this server
    /// is refused at once; one revoked by another process sharing the store (<c>leviathan keys revoke</c>, another server)
    /// is refused within this time. Zero reads the store on every request.
    /// </summary>
    public TimeSpan KeyCacheLifetime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a live event stream looks for new events when it has caught up.</summary>
    public TimeSpan StreamPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a live event stream may stay quiet before it sends a comment line (<c>: keep-alive</c>) to keep proxies and clients from timing out.</summary>
    public TimeSpan StreamHeartbeat { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest one validation may take before the request answers 422 with a timeout.</summary>
    public TimeSpan ValidationTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Folders under which <c>POST /v1/runs</c> may name a workspace (<c>serve.workspace_roots</c>); none allows no runs.</summary>
    public IReadOnlyList<string> WorkspaceRoots { get; init; } = [];

    /// <summary>The largest compressed archive <c>POST /v1/workspaces/archive</c> accepts, in bytes.</summary>
    public long MaxArchiveBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most an uploaded archive may unpack to, in bytes.</summary>
    public long MaxWorkspaceBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The most entries an uploaded archive may hold.</summary>
    public int MaxWorkspaceEntries { get; init; } = 100_000;

    /// <summary>The largest .tar.gz <c>POST /v1/physics/evaluate</c> accepts, in bytes.</summary>
    public long MaxSolutionBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>The longest one evaluation of an uploaded solution may take.</summary>
    public TimeSpan EvaluationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The longest a clone for <c>POST /v1/workspaces/git</c> may take.</summary>
    public TimeSpan GitTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Jobs one key may have queued or running at once.</summary>
    public int MaxUnfinishedJobsPerKey { get; init; } = 100;

    /// <summary>How long a worker's hold on a job lasts without a heartbeat; a dead server's jobs are taken again after it.</summary>
    public TimeSpan JobLease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a worker renews its lease.</summary>
    public TimeSpan JobHeartbeat { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often an idle worker looks for a job.</summary>
    public TimeSpan JobPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Leases a job gets before a job whose workers keep dying is ended <c>error</c>.</summary>
    public int MaxJobAttempts { get; init; } = 3;

    /// <summary>The largest benchmark file (and each of its mesh files) <c>POST /v1/physics/attempts</c> takes, in bytes.</summary>
    public long MaxBenchmarkBytes { get; init; } = 1024 * 1024;

    /// <summary>The most benchmarks one <c>POST /v1/physics/generations</c> may ask for.</summary>
    public int MaxGenerationCount { get; init; } = 20;

    /// <summary>Candidates one generation job verifies at the same time (each runs OpenSCAD and MuJoCo).</summary>
    public int GenerationWorkers { get; init; } = 1;

    internal void Check()
    {
        Backup?.Check();
        if (Urls.Count == 0)
        {
            throw new ArgumentException("serve needs at least one URL to listen on, e.g. http://127.0.0.1:8080", nameof(Urls));
        }

        foreach (var url in Urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new ArgumentException($"'{url}' is not an http:// or https:// URL to listen on, e.g. http://127.0.0.1:8080", nameof(Urls));
            }
        }

        if (Workers is < 1 or > 1024)
        {
            throw new ArgumentException($"--workers must be from 1 to 1024, not {Workers}", nameof(Workers));
        }

        if (MaxGenerationCount is < 1 or > 100 || GenerationWorkers is < 1 or > 64)
        {
            throw new ArgumentException("serve.max_generation_count must be from 1 to 100 and serve.generation_workers from 1 to 64", nameof(MaxGenerationCount));
        }

        if (JobHeartbeat >= JobLease)
        {
            throw new ArgumentException("the job heartbeat must be shorter than the job lease", nameof(JobHeartbeat));
        }

        if (StreamHeartbeat <= TimeSpan.Zero)
        {
            throw new ArgumentException("serve.stream_heartbeat_seconds must be at least 1", nameof(StreamHeartbeat));
        }

        if (KeyCacheLifetime < TimeSpan.Zero)
        {
            throw new ArgumentException("the key cache lifetime cannot be negative (zero turns the cache off)", nameof(KeyCacheLifetime));
        }

        if (RateLimitBurst < 1 || RateLimitPerSecond < 1)
        {
            throw new ArgumentException("serve.rate_limit_burst and serve.rate_limit_per_second must be at least 1", nameof(RateLimitBurst));
        }
    }
}
