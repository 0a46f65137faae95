using System.Data.Common;
using System.Text.Json;
using Leviathan.Core.Plans;
using Leviathan.Core.Runs;
using Leviathan.Core.Tracing;
using Leviathan.Persistence.Blobs;
using Leviathan.Persistence.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// The record of every run: runs, their append-only events, artifacts and plans. Opening it applies
/// pending migrations and refuses (without touching it) a file that is not a Leviathan database.
/// </summary>
public sealed class TraceStore : IAsyncDisposable
{
    private const string RunColumns =
        "SELECT r.id, r.goal, r.team, r.model_profile, r.workspace, r.status, r.reason, r.budget_tokens, r.budget_cost_usd, " +
        "r.budget_steps, r.budget_wall_ms, r.tokens_in, r.tokens_out, r.cost_usd, r.steps, r.wall_ms, r.created_at, r.started_at, " +
        "r.ended_at, r.parent_run_id, r.prompt_versions, COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.run_id = r.id), 0), " +
        "r.owner_host, r.owner_pid, r.owner_start FROM runs r";

    // EF Core is built only when a write or a migration needs it: read commands start faster without it.
    private readonly Lazy<DbContextOptions<TraceDbContext>> _contextOptions;
    private readonly TraceStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly string _connectionString;
    private readonly string _pragmas;

    // Native SQLite connections (kept open by the pool) that have run the store's pragmas; weak, so a closed one is forgotten.
    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, object> _configured = [];

    // Set once quick_check passed. Concurrent first writers share one check (an evaluation starts a hundred runs at once,
    // and a check each would open a hundred connections); a failed check is forgotten, so the next writer checks again.
    private volatile bool _intact;
    private readonly Lock _intactLock = new();
    private Task? _intactCheck;

    // SQLite takes one writer at a time. The group writer (one per store, on a thread of its own) commits the hot writes of
    // every run together; it and the remaining EF Core writes take turns here instead of meeting in SQLite's busy handler,
    // which sleeps on a thread-pool thread. Other processes still meet the busy timeout.
    private readonly StoreWriteLock _sqliteWriters = new();
    private readonly Lock _writerGate = new();
    private GroupCommitWriter? _groupWriter;
    private bool _disposed;

    private TraceStore(TraceStoreOptions options, string connectionString, TimeProvider time)
    {
        _options = options;
        _contextOptions = new(() => ContextOptions(options, connectionString));
        _connectionString = connectionString;
        _pragmas = SqlitePragmaInterceptor.Pragmas(options.Synchronous, options.MaxDatabaseBytes);
        _time = time;
        Blobs = new BlobStore(Path.Combine(options.Home, "blobs"));
        Feed = new EventFeed(time);
    }

    /// <summary>The options the store was opened with: backups read the provider and the database's place from them.</summary>
    internal TraceStoreOptions Options => _options;

    /// <summary>The connection string of the database (SQLite file or PostgreSQL).</summary>
    internal string ConnectionString => _connectionString;

    /// <summary>Committed events as they are written by this process's writers, for live readers.</summary>
    public EventFeed Feed { get; }

    /// <summary>Content-addressed artifact storage.</summary>
    public BlobStore Blobs { get; }

    /// <summary>Where the data lives, for messages: a file path or the PostgreSQL host.</summary>
    public string Location => _options.Provider == "sqlite" ? _options.DatabasePath : "PostgreSQL";

    /// <summary>
    /// What <paramref name="path"/> is of the store's own files (the database, its <c>-wal</c>, <c>-shm</c> and
    /// <c>-journal</c> files, the blob folder and anything in it), after following symbolic links; null when it is
    /// none of them. Writing there (an export's output, say) would destroy the store.
    /// </summary>
    public string? OwnFileAt(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var target = Canonical(Path.GetFullPath(path));
        var blobs = Canonical(Path.GetFullPath(Blobs.Root));
        if (target == blobs || target.StartsWith(blobs.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return "inside the blob folder";
        }

        if (_options.Provider != "sqlite")
        {
            return null;
        }

        var database = Canonical(Path.GetFullPath(_options.DatabasePath));
        foreach (var (suffix, what) in new[] { ("", "the database file"), ("-wal", "the database's write-ahead log"), ("-shm", "the database's shared-memory file"), ("-journal", "the database's journal") })
        {
            if (target == database + suffix)
            {
                return what;
            }
        }

        return null;
    }

    // Like realpath(3), tolerant of components that do not exist yet.
    private static string Canonical(string absolutePath)
    {
        var current = "/";
        foreach (var part in absolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = part == ".." ? (Path.GetDirectoryName(current) ?? "/") : Path.Join(current, part);
            try
            {
                var info = new FileInfo(next);
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } resolved)
                {
                    next = Canonical(resolved.FullName);
                }
            }
            catch (IOException)
            {
                // A loop or an unreadable link: compare the path as written.
            }

            current = next;
        }

        return current;
    }

    /// <summary>Opens (creating and migrating as needed) the store.</summary>
    /// <exception cref="TraceStoreException">The folder is not writable, the file is corrupt or foreign, or the options are wrong.</exception>
    public static async Task<TraceStore> OpenAsync(TraceStoreOptions options, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TraceStoreOptions.Providers.Contains(options.Provider))
        {
            throw new TraceStoreException(
                $"the store provider '{options.Provider}' is not supported",
                $"use one of: {string.Join(", ", TraceStoreOptions.Providers)}");
        }

        string connection;
        var upToDate = false;
        if (options.Provider == "sqlite")
        {
            var path = options.DatabasePath;
            upToDate = PrepareSqliteFile(options.Home, path);
            connection = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Connection))
            {
                throw new TraceStoreException(
                    "the postgres store needs a connection string",
                    "set store.connection, e.g. 'Host=localhost;Database=leviathan;Username=leviathan'");
            }

            Directory.CreateDirectory(options.Home);
            connection = options.Connection;
        }

        var store = new TraceStore(options, connection, time);

        // A file whose history already lists every migration needs no EF start-up: read commands stay fast.
        if (!upToDate)
        {
            await store.MigrateAsync(cancellationToken);
        }

        return store;
    }

    /// <summary>Creates a run in status pending.</summary>
    public Task<RunRecord> CreateRunAsync(RunSpec spec, CancellationToken cancellationToken = default) =>
        InsertRunAsync(spec, RunStatus.Pending, cancellationToken);

    /// <summary>
    /// Creates a run that this process starts at once: status running, started now, owned by this process. One write where
    /// <see cref="CreateRunAsync"/> and <see cref="MarkRunningAsync(Guid, CancellationToken)"/> take two; its writer opens with
    /// <see cref="OpenWriterOfNewRun"/>, without reading the store.
    /// </summary>
    public Task<RunRecord> StartRunAsync(RunSpec spec, CancellationToken cancellationToken = default) =>
        InsertRunAsync(spec, RunStatus.Running, cancellationToken);

    /// <summary>
    /// Starts a run as <see cref="StartRunAsync"/> does and opens its writer, without waiting for the run's row to be committed
    /// where nothing can overtake it: on SQLite every write of this process goes through one queue (<see cref="GroupCommitWriter"/>),
    /// so the run's events, updates and tags are committed with its row or after it. The caller goes on to its first model call
    /// at once instead of queueing again behind every other run's work for the commit: when a hundred runs start together, each
    /// reaches its model in turn rather than all of them at the end. Should the row fail to be written, the writer's first
    /// flush says so. On PostgreSQL, whose writes commit concurrently, it waits for the row as <see cref="StartRunAsync"/> does.
    /// </summary>
    public async Task<(RunRecord Run, ITraceWriter Writer)> StartRunWritingAsync(RunSpec spec, CancellationToken cancellationToken = default)
    {
        var (run, inserted) = await QueueRunInsertAsync(spec, RunStatus.Running, cancellationToken);
        if (_options.Provider != "sqlite")
        {
            await inserted;
        }

        return (run, NewWriter(run.Id, 0, inserted));
    }

    private async Task<RunRecord> InsertRunAsync(RunSpec spec, RunStatus status, CancellationToken cancellationToken)
    {
        var (run, inserted) = await QueueRunInsertAsync(spec, status, cancellationToken);
        await inserted;
        return run;
    }

    /// <summary>Queues the run's row; the task completes when it is committed.</summary>
    private async Task<(RunRecord Run, Task Inserted)> QueueRunInsertAsync(RunSpec spec, RunStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        await EnsureIntactAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var budget = spec.Budget ?? RunBudget.Unlimited;
        var entity = new RunEntity
        {
            Id = Guid.CreateVersion7(now),
            Goal = spec.Goal,
            Team = spec.Team,
            ModelProfile = spec.ModelProfile,
            Workspace = spec.Workspace,
            Status = status.ToName(),
            BudgetTokens = budget.MaxTokens,
            BudgetCostUsd = budget.MaxCostUsd,
            BudgetSteps = budget.MaxSteps,
            BudgetWallMs = budget.MaxWallTime is { } wall ? (long)wall.TotalMilliseconds : null,
            CreatedAt = now.ToUnixTimeMilliseconds(),
            StartedAt = status == RunStatus.Running ? now.ToUnixTimeMilliseconds() : null,
            ParentRunId = spec.ParentRunId,
            PromptVersions = JsonSerializer.Serialize(spec.PromptVersions ?? new Dictionary<string, string>(), PersistenceJsonContext.Default.IReadOnlyDictionaryStringString),

            // The creating process owns the run from the start: killed before it starts, the run reads as interrupted, not pending forever.
            OwnerHost = RunOwnerProbe.Current.Host,
            OwnerPid = RunOwnerProbe.Current.ProcessId,
            OwnerStart = RunOwnerProbe.Current.StartMark,
        };

        var inserted = this.ExecuteWriteAsync(
            "INSERT INTO runs (id, goal, team, model_profile, workspace, status, budget_tokens, budget_cost_usd, budget_steps, budget_wall_ms, " +
            "tokens_in, tokens_out, cost_usd, steps, wall_ms, created_at, started_at, parent_run_id, prompt_versions, owner_host, owner_pid, owner_start) " +
            "VALUES (@id, @goal, @team, @model_profile, @workspace, @status, @budget_tokens, @budget_cost_usd, @budget_steps, @budget_wall_ms, " +
            "0, 0, @cost_usd, 0, 0, @created_at, @started_at, @parent_run_id, @prompt_versions, @owner_host, @owner_pid, @owner_start)",
            [
                ("@id", entity.Id.ToString()), ("@goal", entity.Goal), ("@team", entity.Team), ("@model_profile", entity.ModelProfile), ("@workspace", entity.Workspace),
                ("@status", entity.Status), ("@budget_tokens", entity.BudgetTokens), ("@budget_cost_usd", this.Money(entity.BudgetCostUsd)), ("@budget_steps", entity.BudgetSteps),
                ("@budget_wall_ms", entity.BudgetWallMs), ("@cost_usd", this.Money(0m)), ("@created_at", entity.CreatedAt), ("@started_at", entity.StartedAt), ("@parent_run_id", entity.ParentRunId?.ToString()),
                ("@prompt_versions", entity.PromptVersions), ("@owner_host", entity.OwnerHost), ("@owner_pid", entity.OwnerPid), ("@owner_start", entity.OwnerStart),
            ],
            cancellationToken);
        return (ToRecord(entity, 0), inserted);
    }

    /// <summary>Marks a run as running in this process (its owner), stamping its start time once.</summary>
    public Task MarkRunningAsync(Guid runId, CancellationToken cancellationToken = default) =>
        MarkRunningAsync(runId, RunOwnerProbe.Current, cancellationToken);

    /// <summary>Marks a run as running in <paramref name="owner"/>, stamping its start time once.</summary>
    public async Task MarkRunningAsync(Guid runId, RunOwner owner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await EnsureIntactAsync(cancellationToken);
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var running = RunStatus.Running.ToName();
        await EnsureUpdatedAsync(
            runId,
            await this.ExecuteWriteAsync(
                "UPDATE runs SET status = @status, started_at = COALESCE(started_at, @now), ended_at = NULL, owner_host = @owner_host, owner_pid = @owner_pid, owner_start = @owner_start WHERE id = @id",
                [("@status", running), ("@now", now), ("@owner_host", owner.Host), ("@owner_pid", owner.ProcessId), ("@owner_start", owner.StartMark), ("@id", runId.ToString())],
                cancellationToken));
    }

    /// <summary>Records what a run has used so far.</summary>
    public async Task UpdateUsageAsync(Guid runId, RunUsage usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        await EnsureIntactAsync(cancellationToken);
        await EnsureUpdatedAsync(
            runId,
            await this.ExecuteWriteAsync(
                "UPDATE runs SET tokens_in = @tokens_in, tokens_out = @tokens_out, cost_usd = @cost_usd, steps = @steps, wall_ms = @wall_ms WHERE id = @id",
                [.. UsageParameters(usage), ("@id", runId.ToString())],
                cancellationToken));
    }

    /// <summary>Ends a run with a status from the taxonomy, a reason and its final usage.</summary>
    public async Task CompleteRunAsync(Guid runId, RunStatus status, string? reason, RunUsage usage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(usage);
        if (!status.IsTerminal())
        {
            throw new ArgumentException($"a run ends with a terminal status, not '{status.ToName()}'", nameof(status));
        }
        await EnsureIntactAsync(cancellationToken);

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        var name = status.ToName();
        await EnsureUpdatedAsync(
            runId,
            await this.ExecuteWriteAsync(
                "UPDATE runs SET status = @status, reason = @reason, ended_at = @ended_at, tokens_in = @tokens_in, tokens_out = @tokens_out, cost_usd = @cost_usd, steps = @steps, wall_ms = @wall_ms WHERE id = @id",
                [("@status", name), ("@reason", reason), ("@ended_at", now), .. UsageParameters(usage), ("@id", runId.ToString())],
                cancellationToken));

        // Live readers in this process end their streams now instead of at their next look.
        Feed.RunChanged(runId);
    }

    /// <summary>
    /// Opens the writer of a run's events, continuing after the last stored sequence number (one read,
    /// here, never on the append path). Use one writer per run at a time.
    /// </summary>
    public async Task<ITraceWriter> OpenWriterAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await EnsureIntactAsync(cancellationToken);
        var run = await FindRunAsync(runId, cancellationToken)
            ?? throw new TraceStoreException($"there is no run {runId}", "list the runs with 'leviathan runs list'");

        return NewWriter(runId, run.EventCount);
    }

    /// <summary>
    /// Opens the writer of a run this process has just created (<see cref="StartRunAsync"/>, <see cref="CreateRunAsync"/>)
    /// and not yet written to: its events start at sequence 1, with no read of the store. Use one writer per run at a time.
    /// </summary>
    public ITraceWriter OpenWriterOfNewRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.EventCount != 0)
        {
            throw new ArgumentException($"the run {run.Id} already has {run.EventCount} events; open its writer with OpenWriterAsync", nameof(run));
        }

        return NewWriter(run.Id, 0);
    }

    /// <summary>A writer of the run's events after <paramref name="lastSequence"/>; <paramref name="created"/>: the pending commit of the run's row.</summary>
    private TraceWriter NewWriter(Guid runId, long lastSequence, Task? created = null) =>
        new(runId, lastSequence, _time, _options.BatchSize, item => Submit(item, CancellationToken.None), Feed) { Created = created };

    /// <summary>Finds a run by its full id.</summary>
    public async Task<RunRecord?> FindRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var found = await QueryRunsAsync($"{RunColumns} WHERE r.id = @p0", [runId.ToString()], cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Finds runs whose id starts with a prefix (at most <paramref name="limit"/>), like short git hashes.</summary>
    public Task<IReadOnlyList<RunRecord>> FindRunsByPrefixAsync(string prefix, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);

        // Ids are lowercase hex and dashes (checked by callers), so the prefix needs no LIKE escaping.
        var pattern = new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiHexDigit(c) || c == '-').ToArray()) + "%";
        return QueryRunsAsync($"{RunColumns} WHERE r.id LIKE @p0 ORDER BY r.created_at DESC LIMIT {limit}", [pattern], cancellationToken);
    }

    /// <summary>The newest runs first, optionally of one status.</summary>
    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunStatus? status, int limit, CancellationToken cancellationToken = default) =>
        status is { } wanted
            ? QueryRunsAsync($"{RunColumns} WHERE r.status = @p0 ORDER BY r.created_at DESC, r.id DESC LIMIT {limit}", [wanted.ToName()], cancellationToken)
            : QueryRunsAsync($"{RunColumns} ORDER BY r.created_at DESC, r.id DESC LIMIT {limit}", [], cancellationToken);

    /// <summary>
    /// One page of runs, newest first: optionally of one status and one team, strictly older than
    /// <paramref name="before"/> (the creation time and id of the last run of the previous page).
    /// </summary>
    public Task<IReadOnlyList<RunRecord>> ListRunsPageAsync(RunStatus? status, string? team, (DateTimeOffset CreatedAt, Guid Id)? before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var conditions = new List<string>();
        var parameters = new List<object>();
        if (status is { } wanted)
        {
            conditions.Add($"r.status = @p{parameters.Count}");
            parameters.Add(wanted.ToName());
        }

        if (team is not null)
        {
            conditions.Add($"r.team = @p{parameters.Count}");
            parameters.Add(team);
        }

        if (before is var (createdAt, id))
        {
            var at = createdAt.ToUnixTimeMilliseconds();
            conditions.Add($"(r.created_at < @p{parameters.Count} OR (r.created_at = @p{parameters.Count} AND r.id < @p{parameters.Count + 1}))");
            parameters.Add(at);
            parameters.Add(id.ToString());
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        return QueryRunsAsync($"{RunColumns}{where} ORDER BY r.created_at DESC, r.id DESC LIMIT {limit}", parameters, cancellationToken);
    }

    /// <summary>At most <paramref name="limit"/> events of a run with a sequence number above <paramref name="afterSequence"/>, in order.</summary>
    public async Task<IReadOnlyList<TraceEvent>> ReadEventsPageAsync(Guid runId, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var events = new List<TraceEvent>();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, seq, parent_id, kind, role, payload, ts, duration_us FROM events WHERE run_id = @run AND seq > @after ORDER BY seq LIMIT {limit}";
        var run = command.CreateParameter();
        run.ParameterName = "@run";
        run.Value = runId.ToString();
        command.Parameters.Add(run);
        var after = command.CreateParameter();
        after.ParameterName = "@after";
        after.Value = afterSequence;
        command.Parameters.Add(after);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            EventKindNames.TryParse(reader.GetString(3), out var kind);
            events.Add(new TraceEvent(
                Guid.Parse(reader.GetString(0)),
                runId,
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : Guid.Parse(reader.GetString(2)),
                kind,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : TimeSpan.FromTicks(reader.GetInt64(7) * 10)));
        }

        return events;
    }

    /// <summary>All events of a run, in sequence order.</summary>
    public async Task<IReadOnlyList<TraceEvent>> ReadEventsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var events = new List<TraceEvent>();
        await foreach (var evt in StreamEventsAsync(runId, cancellationToken))
        {
            events.Add(evt);
        }

        return events;
    }

    /// <summary>Streams the events of a run in sequence order without holding them all.</summary>
    public async IAsyncEnumerable<TraceEvent> StreamEventsAsync(Guid runId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, seq, parent_id, kind, role, payload, ts, duration_us FROM events WHERE run_id = @run ORDER BY seq";
        var run = command.CreateParameter();
        run.ParameterName = "@run";
        run.Value = runId.ToString();
        command.Parameters.Add(run);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            EventKindNames.TryParse(reader.GetString(3), out var kind);
            yield return new TraceEvent(
                Guid.Parse(reader.GetString(0)),
                runId,
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : Guid.Parse(reader.GetString(2)),
                kind,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? null : TimeSpan.FromTicks(reader.GetInt64(7) * 10));
        }
    }

    /// <summary>Stores a file of a run: content in the blob folder, a row pointing at it.</summary>
    public async Task<ArtifactRecord> AddArtifactAsync(
        Guid runId, Stream content, string mediaType, string? workspacePath, Guid? eventId = null, CancellationToken cancellationToken = default)
    {
        await EnsureIntactAsync(cancellationToken);
        var (sha, size) = await Blobs.PutAsync(content, cancellationToken);
        var now = _time.GetUtcNow();
        var entity = new ArtifactEntity
        {
            Id = Guid.CreateVersion7(now),
            RunId = runId,
            EventId = eventId,
            Sha256 = sha,
            Size = size,
            MediaType = mediaType,
            Path = workspacePath,
            CreatedAt = now.ToUnixTimeMilliseconds(),
        };
        await this.ExecuteWriteAsync(
            "INSERT INTO artifacts (id, run_id, event_id, sha256, size, media_type, path, created_at) VALUES (@id, @run_id, @event_id, @sha256, @size, @media_type, @path, @created_at)",
            [
                ("@id", entity.Id.ToString()), ("@run_id", runId.ToString()), ("@event_id", eventId?.ToString()), ("@sha256", sha), ("@size", size),
                ("@media_type", mediaType), ("@path", workspacePath), ("@created_at", entity.CreatedAt),
            ],
            cancellationToken);
        return new ArtifactRecord(entity.Id, runId, eventId, sha, size, mediaType, workspacePath, now);
    }

    /// <summary>The artifacts of a run, oldest first.</summary>
    public async Task<IReadOnlyList<ArtifactRecord>> ListArtifactsAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var rows = await context.Artifacts.AsNoTracking().Where(a => a.RunId == runId).OrderBy(a => a.CreatedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
        return rows.Select(a => new ArtifactRecord(a.Id, a.RunId, a.EventId, a.Sha256, a.Size, a.MediaType, a.Path, DateTimeOffset.FromUnixTimeMilliseconds(a.CreatedAt))).ToList();
    }

    /// <summary>
    /// Replaces a run's TODO list with <paramref name="items"/>, recording a history entry for every
    /// item that is new or whose text or status changed.
    /// </summary>
    public async Task SavePlanAsync(Guid runId, IReadOnlyList<PlanItem> items, long? eventSequence, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        await EnsureIntactAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var at = now.ToUnixTimeMilliseconds();
        var run = runId.ToString();
        await WriteAsync(
            async (write, ct) =>
            {
                var existing = new Dictionary<string, (string Text, string Status)>(StringComparer.Ordinal);
                await using (var reader = await write.Command("SELECT item_id, text, status FROM plan_items WHERE run_id = @run_id", [("@run_id", run)]).ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        existing[reader.GetString(0)] = (reader.GetString(1), reader.GetString(2));
                    }
                }

                var keep = new HashSet<string>(StringComparer.Ordinal);
                for (var position = 0; position < items.Count; position++)
                {
                    var item = items[position];
                    keep.Add(item.Id);
                    var status = item.Status.ToName();
                    var known = existing.TryGetValue(item.Id, out var row);
                    var changed = !known || row.Text != item.Text || row.Status != status;
                    await (!known
                        ? write.ExecuteAsync("INSERT INTO plan_items (run_id, item_id, position, text, status, updated_at) VALUES (@run_id, @item_id, @position, @text, @status, @at)", [("@run_id", run), ("@item_id", item.Id), ("@position", position), ("@text", item.Text), ("@status", status), ("@at", at)], ct)
                        : changed
                            ? write.ExecuteAsync("UPDATE plan_items SET position = @position, text = @text, status = @status, updated_at = @at WHERE run_id = @run_id AND item_id = @item_id", [("@position", position), ("@text", item.Text), ("@status", status), ("@at", at), ("@run_id", run), ("@item_id", item.Id)], ct)
                            : write.ExecuteAsync("UPDATE plan_items SET position = @position WHERE run_id = @run_id AND item_id = @item_id", [("@position", position), ("@run_id", run), ("@item_id", item.Id)], ct));

                    if (changed)
                    {
                        await write.ExecuteAsync(
                            "INSERT INTO plan_item_changes (id, run_id, item_id, text, status, at, event_seq) VALUES (@id, @run_id, @item_id, @text, @status, @at, @event_seq)",
                            [("@id", Guid.CreateVersion7(now).ToString()), ("@run_id", run), ("@item_id", item.Id), ("@text", item.Text), ("@status", status), ("@at", at), ("@event_seq", eventSequence)],
                            ct);
                    }
                }

                foreach (var gone in existing.Keys.Where(k => !keep.Contains(k)))
                {
                    await write.ExecuteAsync("DELETE FROM plan_items WHERE run_id = @run_id AND item_id = @item_id", [("@run_id", run), ("@item_id", gone)], ct);
                }

                return items.Count;
            },
            urgent: false,
            cancellationToken);
    }

    /// <summary>A run's current TODO list in order.</summary>
    public async Task<IReadOnlyList<PlanItem>> ReadPlanAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var rows = await context.PlanItems.AsNoTracking().Where(p => p.RunId == runId).OrderBy(p => p.Position).ToListAsync(cancellationToken);
        return rows.Select(p => new PlanItem(p.ItemId, p.Text, ParseStatus(p.Status))).ToList();
    }

    /// <summary>Every recorded change of a run's TODO items, oldest first.</summary>
    public async Task<IReadOnlyList<PlanItemChange>> ReadPlanHistoryAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        await using var context = CreateContext();
        var rows = await context.PlanItemChanges.AsNoTracking().Where(c => c.RunId == runId).OrderBy(c => c.At).ThenBy(c => c.Id).ToListAsync(cancellationToken);
        return rows.Select(c => new PlanItemChange(c.ItemId, c.Text, ParseStatus(c.Status), DateTimeOffset.FromUnixTimeMilliseconds(c.At), c.EventSeq)).ToList();
    }

    /// <summary>Commits the writes still queued, stops the group writer and releases the database file.</summary>
    public async ValueTask DisposeAsync()
    {
        GroupCommitWriter? writer;
        lock (_writerGate)
        {
            _disposed = true;
            writer = _groupWriter;
        }

        if (writer is not null)
        {
            await writer.DisposeAsync();
        }

        if (_options.Provider == "sqlite")
        {
            // Release pooled handles so the file can be moved or deleted right after.
            SqliteConnection.ClearAllPools();
        }
    }

    internal TraceDbContext CreateContext() => new(_contextOptions.Value);

    /// <summary>
    /// Runs <paramref name="work"/> in a write transaction and returns its result once that is committed. On SQLite the work
    /// is queued to the store's group writer and committed together with the other writes queued at the moment (see
    /// <see cref="GroupCommitWriter"/>); it runs there on the writer's thread, so it must not wait for anything but its own
    /// statements. On PostgreSQL, whose writers run concurrently, it runs at once on a connection of its own.
    /// Cancelling withdraws the work while it waits in the queue; once taken it is written. Urgent work goes before the
    /// ordinary writes waiting: for the job queue's short writes, which someone waits on.
    /// </summary>
    internal Task<T> WriteAsync<T>(Func<StoreWrite, CancellationToken, Task<T>> work, bool urgent, CancellationToken cancellationToken)
    {
        var call = new StoreWriteCall<T>(work, urgent);
        Submit(call, cancellationToken);
        return call.Task;
    }

    /// <summary>Queues (SQLite) or starts (PostgreSQL) a write; the item hears of its outcome.</summary>
    internal void Submit(StoreWriteItem item, CancellationToken cancellationToken)
    {
        if (_options.Provider == "sqlite")
        {
            GroupWriter().Enqueue(item, cancellationToken);
        }
        else
        {
            _ = WriteDirectAsync(item, cancellationToken);
        }
    }

    /// <summary>How many groups the SQLite group writer has committed since the store was opened.</summary>
    internal long GroupsCommitted => _groupWriter?.GroupsCommitted ?? 0;

    /// <summary>How long the SQLite group writer has spent writing groups since the store was opened.</summary>
    internal TimeSpan GroupWriterBusy => _groupWriter?.Busy ?? TimeSpan.Zero;

    /// <summary>How many write turns (SQLite write transactions: groups and EF Core writes) this store has taken since it was opened.</summary>
    internal long WriteTurns => _sqliteWriters.Turns;

    private GroupCommitWriter GroupWriter()
    {
        lock (_writerGate)
        {
            if (_groupWriter is null)
            {
                // Started by the first write: a command that only reads never starts its thread.
                ObjectDisposedException.ThrowIf(_disposed, this);
                _groupWriter = new GroupCommitWriter(() => OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult(), _sqliteWriters);
            }

            // While the store closes, its writer still takes writes (a run's next batch) until its queue is empty.
            return _groupWriter;
        }
    }

    private async Task WriteDirectAsync(StoreWriteItem item, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var write = new StoreWrite(connection, transaction))
            {
                await item.WriteAsync(write, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            item.Failed(ex);
            return;
        }

        item.Committed();
    }

    /// <summary>
    /// Waits (without holding a thread) for this store's turn to write, for the EF Core writes that remain: SQLite takes one
    /// writer at a time, and the group writer takes the same turn per group. Dispose to give it back.
    /// </summary>
    internal async ValueTask<StoreWriteTurn> WriteTurnAsync(CancellationToken cancellationToken)
    {
        if (_options.Provider != "sqlite")
        {
            return default;
        }

        await _sqliteWriters.EnterAsync(urgent: false, cancellationToken);
        return new StoreWriteTurn(_sqliteWriters);
    }

    private static DbContextOptions<TraceDbContext> ContextOptions(TraceStoreOptions options, string connection)
    {
        var builder = new DbContextOptionsBuilder<TraceDbContext>()
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        if (options.Provider == "sqlite")
        {
            builder.UseSqlite(connection).AddInterceptors(new SqlitePragmaInterceptor(options.Synchronous, options.MaxDatabaseBytes));
        }
        else
        {
            builder.UseNpgsql(connection);
        }

        return builder.Options;
    }

    /// <summary>A plain ADO.NET connection for the read and append paths, which do not need EF's start-up.</summary>
    internal async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _options.Provider == "sqlite" ? new SqliteConnection(_connectionString) : new Npgsql.NpgsqlConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // The pragmas are settings of the native connection, which the pool keeps open: set them once per native connection.
            if (connection is SqliteConnection sqlite && sqlite.Handle is { } handle && !_configured.TryGetValue(handle, out _))
            {
                await using var pragmas = connection.CreateCommand();
                pragmas.CommandText = _pragmas;
                await pragmas.ExecuteNonQueryAsync(cancellationToken);
                _configured.TryAdd(handle, Configured);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task<IReadOnlyList<RunRecord>> QueryRunsAsync(string sql, IReadOnlyList<object> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }

        var runs = new List<RunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var entity = new RunEntity
            {
                Id = Guid.Parse(reader.GetString(0)),
                Goal = reader.GetString(1),
                Team = reader.GetString(2),
                ModelProfile = reader.IsDBNull(3) ? null : reader.GetString(3),
                Workspace = reader.IsDBNull(4) ? null : reader.GetString(4),
                Status = reader.GetString(5),
                Reason = reader.IsDBNull(6) ? null : reader.GetString(6),
                BudgetTokens = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                BudgetCostUsd = reader.IsDBNull(8) ? null : reader.GetDecimal(8),
                BudgetSteps = reader.IsDBNull(9) ? null : reader.GetInt32(9),
                BudgetWallMs = reader.IsDBNull(10) ? null : reader.GetInt64(10),
                TokensIn = reader.GetInt64(11),
                TokensOut = reader.GetInt64(12),
                CostUsd = reader.GetDecimal(13),
                Steps = reader.GetInt32(14),
                WallMs = reader.GetInt64(15),
                CreatedAt = reader.GetInt64(16),
                StartedAt = reader.IsDBNull(17) ? null : reader.GetInt64(17),
                EndedAt = reader.IsDBNull(18) ? null : reader.GetInt64(18),
                ParentRunId = reader.IsDBNull(19) ? null : Guid.Parse(reader.GetString(19)),
                PromptVersions = reader.GetString(20),
                OwnerHost = reader.IsDBNull(22) ? null : reader.GetString(22),
                OwnerPid = reader.IsDBNull(23) ? null : reader.GetInt32(23),
                OwnerStart = reader.IsDBNull(24) ? null : reader.GetString(24),
            };
            runs.Add(ToRecord(entity, reader.GetInt64(21)));
        }

        return runs;
    }

    private static PlanItemStatus ParseStatus(string name) =>
        PlanItemStatusNames.TryParse(name, out var status) ? status : PlanItemStatus.Pending;

    private (string Name, object? Value)[] UsageParameters(RunUsage usage) =>
    [
        ("@tokens_in", usage.TokensIn), ("@tokens_out", usage.TokensOut), ("@cost_usd", this.Money(usage.CostUsd)), ("@steps", usage.Steps),
        ("@wall_ms", (long)usage.WallTime.TotalMilliseconds),
    ];

    private static Task EnsureUpdatedAsync(Guid runId, int rows) =>
        rows == 1 ? Task.CompletedTask : throw new TraceStoreException($"there is no run {runId}", "list the runs with 'leviathan runs list'");

    internal static RunRecord ToRecord(RunEntity r, long eventCount)
    {
        RunStatusNames.TryParse(r.Status, out var status);
        var owner = r.OwnerHost is { } host && r.OwnerPid is { } pid ? new RunOwner(host, pid, r.OwnerStart) : null;
        return new RunRecord(
            r.Id,
            r.Goal,
            r.Team,
            r.ModelProfile,
            r.Workspace,
            status,
            r.Reason,
            new RunBudget(r.BudgetTokens, r.BudgetCostUsd, r.BudgetSteps, r.BudgetWallMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null),
            new RunUsage(r.TokensIn, r.TokensOut, r.CostUsd, r.Steps, TimeSpan.FromMilliseconds(r.WallMs)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.CreatedAt),
            r.StartedAt is { } started ? DateTimeOffset.FromUnixTimeMilliseconds(started) : null,
            r.EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
            r.ParentRunId,
            JsonSerializer.Deserialize(r.PromptVersions, PersistenceJsonContext.Default.DictionaryStringString) ?? [],
            eventCount)
        {
            Owner = owner,
            Interrupted = status is RunStatus.Running or RunStatus.Pending && owner is not null && RunOwnerProbe.IsGone(owner),
        };
    }

    /// <summary>
    /// Runs <c>PRAGMA quick_check</c> once per opened store (a command opens it once), before the first write: a file whose pages
    /// are corrupt is refused for writing (a write could spread the damage), not only noticed by a later read.
    /// </summary>
    private Task EnsureIntactAsync(CancellationToken cancellationToken)
    {
        if (_intact || _options.Provider != "sqlite")
        {
            return Task.CompletedTask;
        }

        Task check;
        lock (_intactLock)
        {
            // On another thread: a check that ends at once must forget itself only after it has been stored here.
            check = _intactCheck ??= Task.Run(CheckIntactAsync);
        }

        return check.WaitAsync(cancellationToken);
    }

    private async Task CheckIntactAsync()
    {
        var checkedNow = false;
        try
        {
            checkedNow = await CheckIntactOnceAsync();
        }
        finally
        {
            if (!checkedNow)
            {
                lock (_intactLock)
                {
                    _intactCheck = null;
                }
            }
        }
    }

    // Shared by the writers that wait for it, so no one caller's cancellation ends it. False when there was nothing to
    // check yet (no database file, or an empty one): the next writer looks again.
    private async Task<bool> CheckIntactOnceAsync()
    {
        var cancellationToken = CancellationToken.None;
        var path = Path.GetFullPath(_options.DatabasePath);
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            return false;
        }

        var problems = new List<string>();
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA quick_check(5)";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                problems.Add(reader.GetString(0));
            }
        }
        catch (SqliteException ex)
        {
            problems = [ex.Message];
        }

        if (problems is not ["ok"])
        {
            // Checked again by the next writer: the file may be restored meanwhile.
            throw new TraceStoreException(
                $"the database at {path} is corrupt, so nothing is written to it (PRAGMA quick_check: {string.Join("; ", problems).ReplaceLineEndings(" ")})",
                "restore it from a backup, or move it aside to start a new store (the runs in it stay readable as far as SQLite can read them)");
        }

        // SQLite would only say "attempt to write a readonly database" at the first INSERT, and root ignores file modes.
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TraceStoreException(
                $"the database file {path} is read-only ({ex.Message.TrimEnd('.')}), so nothing can be recorded in it; reading it still works",
                "make it writable (chmod u+w, or chattr -i when it is immutable), or choose another home folder with --home or LEVIATHAN_HOME",
                ex);
        }

        if (!CanWrite(Path.GetDirectoryName(path)!))
        {
            throw new TraceStoreException(
                $"the folder of {path} is not writable, so SQLite cannot create the journal files it needs to record anything",
                "make the folder writable, or choose another home folder with --home or LEVIATHAN_HOME");
        }

        _intact = true;
        return true;
    }

    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await EnsureIntactAsync(cancellationToken);
        await using var context = CreateContext();
        try
        {
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                await context.Database.MigrateAsync(cancellationToken);
            }

            if (_options.Provider == "sqlite")
            {
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        catch (Exception ex) when (StorageFaults.Explain(ex, Location) is var (message, hint))
        {
            throw new TraceStoreException(message, hint, ex);
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException)
        {
            throw new TraceStoreException(
                $"the database at {Location} could not be opened or upgraded: {ex.Message}",
                "check that it is a Leviathan database and that the disk has room; the file was not changed unless a migration completed",
                ex);
        }
    }

    /// <summary>
    /// Checks an existing SQLite file read-only before anything writes to it: a foreign or corrupt file
    /// is refused and left exactly as it was.
    /// </summary>
    /// <returns>True when the file already holds every migration this version knows.</returns>
    private static bool PrepareSqliteFile(string home, string path)
    {
        try
        {
            Directory.CreateDirectory(home);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TraceStoreException(
                $"the Leviathan home folder {home} cannot be created: {ex.Message}",
                "choose a writable folder with --home or LEVIATHAN_HOME",
                ex);
        }

        if (Directory.Exists(path))
        {
            throw new TraceStoreException(
                $"{path} is a folder, not a database file, so the trace store cannot be opened; it was left untouched",
                "move or rename that folder, or choose another home folder with --home or LEVIATHAN_HOME");
        }

        if (!File.Exists(path) || new FileInfo(path).Length == 0)
        {
            if (!CanWrite(Path.GetDirectoryName(Path.GetFullPath(path))!))
            {
                throw new TraceStoreException(
                    $"the folder of {path} is not writable, so the database cannot be created",
                    "choose a writable folder with --home or LEVIATHAN_HOME");
            }

            return false;
        }

        Span<byte> header = stackalloc byte[16];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            if (file.ReadAtLeast(header, 16, throwOnEndOfStream: false) < 16 || !header.SequenceEqual("SQLite format 3\0"u8))
            {
                throw NotOurs(path, "it is not a SQLite database (corrupt, or another program's file)");
            }
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            var tables = new HashSet<string>(StringComparer.Ordinal);
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            if (tables.Count > 0 && !tables.Contains("__EFMigrationsHistory"))
            {
                throw NotOurs(path, $"it holds tables of another program ({string.Join(", ", tables.Order().Take(5))})");
            }

            var applied = new HashSet<string>(StringComparer.Ordinal);
            if (tables.Contains("__EFMigrationsHistory"))
            {
                command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var id = reader.GetString(0);
                    if (!KnownMigrations.Contains(id))
                    {
                        throw NotOurs(path, $"it was written by a newer or different program (migration {id} is unknown to this version)");
                    }

                    applied.Add(id);
                }
            }

            return applied.SetEquals(KnownMigrations);
        }
        catch (SqliteException ex)
        {
            throw NotOurs(path, $"SQLite cannot read it: {ex.Message}");
        }
    }

    private static readonly HashSet<string> KnownMigrations = new(StringComparer.Ordinal)
    {
        "20261121000001_Initial", "20261121000002_ArtifactsAndPlans", "20261204000003_RunOwner",
        "20261205000004_Evaluations",
        "20261205000005_ApiKeys",
        "20261205000006_Jobs",
        "20261205000007_EvaluationJudgements",
        "20261205000009_JobCancellation",
        "20261205000010_JobResults",
    };

    private static TraceStoreException NotOurs(string path, string why) =>
        new($"{path} cannot be used as the trace store: {why}; it was left untouched",
            "move the file aside, or choose another home folder with --home or LEVIATHAN_HOME");

    private static bool CanWrite(string folder)
    {
        var probe = Path.Combine(folder, $".write-probe-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

}
