using System.Data.Common;
using Leviathan.Persistence.Tracing;

namespace Leviathan.Persistence.Jobs;

/// <summary>
/// The durable job queue in the trace store. A worker leases a job for a while and keeps the lease with heartbeats;
/// a lease that ran out means its worker died, so the job is leased again (resumed) until it has been tried
/// <see cref="JobRecord.MaxAttempts"/> times, then ended <c>error</c> with the reason. Every change is one conditional
/// UPDATE, so two workers (or two servers on one store) never hold the same job.
/// </summary>
public sealed class JobStore(TraceStore store, TimeProvider time)
{
    /// <summary>The outcome of a job that was cancelled (the run status <c>cancelled</c>).</summary>
    public const string CancelledOutcome = "cancelled";

    private const string Columns =
        "id, kind, state, payload, key_id, run_id, attempts, max_attempts, lease_owner, lease_expires_at, created_at, started_at, ended_at, outcome, reason, cancel_requested_at, result";

    /// <summary>Adds a queued job.</summary>
    public async Task<JobRecord> EnqueueAsync(string kind, string payloadJson, Guid? keyId, int maxAttempts, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(payloadJson);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now);
        await ExecuteAsync(
            "INSERT INTO jobs (id, kind, state, payload, key_id, run_id, attempts, max_attempts, created_at) VALUES (@p0, @p1, @p2, @p3, @p4, NULL, 0, @p5, @p6)",
            [id.ToString(), kind, JobState.Queued, payloadJson, (object?)keyId?.ToString() ?? DBNull.Value, maxAttempts, now.ToUnixTimeMilliseconds()],
            cancellationToken);
        return (await FindAsync(id, cancellationToken))!;
    }

    /// <summary>
    /// Takes the oldest job that is queued or whose lease ran out, for <paramref name="lease"/>; null when there is none.
    /// An expired job out of attempts is ended here and returned with <see cref="JobLease.Exhausted"/> set.
    /// </summary>
    public async Task<JobLease?> LeaseNextAsync(string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        for (var tries = 0; tries < 8; tries++)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var candidates = await QueryAsync(
                $"SELECT {Columns} FROM jobs WHERE state = @p0 OR (state = @p1 AND lease_expires_at < @p2) ORDER BY created_at, id LIMIT 1",
                [JobState.Queued, JobState.Running, now],
                cancellationToken);
            if (candidates.Count == 0)
            {
                return null;
            }

            var job = candidates[0];
            if (job.State == JobState.Running && (job.Attempts >= job.MaxAttempts || job.CancelRequestedAt is not null))
            {
                var cancelled = job.CancelRequestedAt is not null;
                var reason = cancelled
                    ? "cancelled: its cancellation was asked for while its worker had stopped (the server was stopped or died)"
                    : $"its worker stopped {job.Attempts} time(s) without finishing (the server was stopped or died); not tried again";
                var ended = await ExecuteAsync(
                    $"UPDATE jobs SET state = @p0, outcome = '{(cancelled ? CancelledOutcome : "error")}', reason = @p1, ended_at = @p2, lease_owner = NULL, lease_expires_at = NULL WHERE id = @p3 AND state = @p4 AND lease_expires_at < @p2",
                    [JobState.Done, reason, now, job.Id.ToString(), JobState.Running],
                    cancellationToken);
                if (ended == 1)
                {
                    return new JobLease((await FindAsync(job.Id, cancellationToken))!, Exhausted: true);
                }

                continue;
            }

            // One statement picks and takes the oldest job that can be taken, so workers racing for the head of the queue
            // never lose to each other on SQLite (where statements are serialised); on PostgreSQL the repeated condition makes
            // a loser take nothing (and look again) rather than a job another worker just took.
            var taken = await WriteQueryAsync(
                "UPDATE jobs SET state = @p0, attempts = attempts + 1, lease_owner = @p1, lease_expires_at = @p2, heartbeat_at = @p3, started_at = COALESCE(started_at, @p3) " +
                "WHERE id = (SELECT id FROM jobs WHERE state = @p4 OR (state = @p0 AND lease_expires_at < @p3 AND attempts < max_attempts AND cancel_requested_at IS NULL) ORDER BY created_at, id LIMIT 1) " +
                $"AND (state = @p4 OR (state = @p0 AND lease_expires_at < @p3)) RETURNING {Columns}",
                [JobState.Running, owner, now + (long)lease.TotalMilliseconds, now, JobState.Queued],
                cancellationToken);
            if (taken.Count == 1)
            {
                return new JobLease(taken[0], Exhausted: false);
            }
        }

        return null;
    }

    /// <summary>
    /// Extends the lease. <see cref="JobHeartbeat.Lost"/> when this owner no longer holds the job (its lease ran out and
    /// another took it); <see cref="JobHeartbeat.CancelRequested"/> when it still does but the job's cancellation was asked for.
    /// </summary>
    public async Task<JobHeartbeat> HeartbeatAsync(Guid id, string owner, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var held = await ExecuteAsync(
            "UPDATE jobs SET lease_expires_at = @p0, heartbeat_at = @p1 WHERE id = @p2 AND lease_owner = @p3 AND state = @p4",
            [now + (long)lease.TotalMilliseconds, now, id.ToString(), owner, JobState.Running],
            cancellationToken) == 1;
        if (!held)
        {
            return JobHeartbeat.Lost;
        }

        return (await FindAsync(id, cancellationToken))?.CancelRequestedAt is null ? JobHeartbeat.Held : JobHeartbeat.CancelRequested;
    }

    /// <summary>
    /// Asks to cancel a job: a queued job is ended <c>cancelled</c> at once and never starts; a running one is marked, and its
    /// worker (on whichever server holds it) cancels its run. Asking again changes nothing. Null when there is no such job.
    /// </summary>
    public async Task<JobCancellation?> CancelAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        if (await ExecuteAsync(
                "UPDATE jobs SET state = @p0, outcome = @p1, reason = @p2, ended_at = @p3 WHERE id = @p4 AND state = @p5",
                [JobState.Done, CancelledOutcome, "cancelled before it started", now, id.ToString(), JobState.Queued],
                cancellationToken) == 1)
        {
            return new JobCancellation((await FindAsync(id, cancellationToken))!, JobCancellationResult.Cancelled);
        }

        await ExecuteAsync(
            "UPDATE jobs SET cancel_requested_at = @p0 WHERE id = @p1 AND state = @p2 AND cancel_requested_at IS NULL",
            [now, id.ToString(), JobState.Running],
            cancellationToken);
        var job = await FindAsync(id, cancellationToken);
        return job switch
        {
            null => null,
            { State: JobState.Running } => new JobCancellation(job, JobCancellationResult.Requested),
            { Outcome: CancelledOutcome } => new JobCancellation(job, JobCancellationResult.Cancelled),
            _ => new JobCancellation(job, JobCancellationResult.AlreadyFinished),
        };
    }

    /// <summary>The job whose latest run is <paramref name="runId"/>, or null.</summary>
    public async Task<JobRecord?> FindByRunAsync(Guid runId, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM jobs WHERE run_id = @p0", [runId.ToString()], cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>Records the run the job created, as soon as it exists, so that a later attempt can resume it.</summary>
    public async Task SetRunAsync(Guid id, string owner, Guid runId, CancellationToken cancellationToken = default) =>
        await ExecuteAsync(
            "UPDATE jobs SET run_id = @p0 WHERE id = @p1 AND lease_owner = @p2",
            [runId.ToString(), id.ToString(), owner],
            cancellationToken);

    /// <summary>Ends a job this owner holds; false when it no longer holds it.</summary>
    public Task<bool> CompleteAsync(Guid id, string owner, string outcome, string? reason, CancellationToken cancellationToken = default) =>
        CompleteAsync(id, owner, outcome, reason, null, cancellationToken);

    /// <summary>Ends a job this owner holds with what it made (<paramref name="resultJson"/>, JSON); false when it no longer holds it.</summary>
    public async Task<bool> CompleteAsync(Guid id, string owner, string outcome, string? reason, string? resultJson, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        return await ExecuteAsync(
            "UPDATE jobs SET state = @p0, outcome = @p1, reason = @p2, ended_at = @p3, lease_owner = NULL, lease_expires_at = NULL, result = @p7 WHERE id = @p4 AND lease_owner = @p5 AND state = @p6",
            [JobState.Done, outcome, (object?)reason ?? DBNull.Value, now, id.ToString(), owner, JobState.Running, (object?)resultJson ?? DBNull.Value],
            cancellationToken) == 1;
    }

    /// <summary>The job with this id, or null.</summary>
    public async Task<JobRecord?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        var found = await QueryAsync($"SELECT {Columns} FROM jobs WHERE id = @p0", [id.ToString()], cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    /// <summary>
    /// Jobs of one kind, newest first, at most <paramref name="limit"/>; <paramref name="before"/> (the creation time and
    /// id of the last job of the previous page) pages on.
    /// </summary>
    public async Task<IReadOnlyList<JobRecord>> ListPageAsync(string kind, (DateTimeOffset CreatedAt, Guid Id)? before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return before is { } position
            ? await QueryAsync(
                $"SELECT {Columns} FROM jobs WHERE kind = @p0 AND (created_at < @p1 OR (created_at = @p1 AND id < @p2)) ORDER BY created_at DESC, id DESC LIMIT @p3",
                [kind, position.CreatedAt.ToUnixTimeMilliseconds(), position.Id.ToString(), limit],
                cancellationToken)
            : await QueryAsync($"SELECT {Columns} FROM jobs WHERE kind = @p0 ORDER BY created_at DESC, id DESC LIMIT @p1", [kind, limit], cancellationToken);
    }

    /// <summary>How many jobs are queued and how many running.</summary>
    public async Task<(int Queued, int Running)> CountActiveAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT state, COUNT(*) FROM jobs WHERE state <> @p0 GROUP BY state", [JobState.Done]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (queued, running) = (0, 0);
        while (await reader.ReadAsync(cancellationToken))
        {
            var count = reader.GetInt32(1);
            _ = reader.GetString(0) == JobState.Queued ? queued = count : running = count;
        }

        return (queued, running);
    }

    /// <summary>Jobs of one key that are not done (the per-key queue cap counts these).</summary>
    public async Task<int> CountUnfinishedAsync(Guid keyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT COUNT(*) FROM jobs WHERE key_id = @p0 AND state <> @p1", [keyId.ToString(), JobState.Done]);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    // Every write goes through the store's writer (on SQLite, the group writer shared with the runs' trace writes) as an
    // urgent one: it is written before the trace writes waiting, so a POST answers and a freed worker starts its next job
    // without queueing behind them.
    private Task<int> ExecuteAsync(string sql, object[] parameters, CancellationToken cancellationToken) =>
        store.WriteAsync((write, ct) => write.ExecuteAsync(sql, Named(parameters), ct), urgent: true, cancellationToken);

    /// <summary>A statement that writes (an UPDATE ... RETURNING) and reads back the rows it changed.</summary>
    private Task<List<JobRecord>> WriteQueryAsync(string sql, object[] parameters, CancellationToken cancellationToken) =>
        store.WriteAsync(
            async (write, ct) =>
            {
                await using var reader = await write.Command(sql, Named(parameters)).ExecuteReaderAsync(ct);
                return await ReadAsync(reader, ct);
            },
            urgent: true,
            cancellationToken);

    private async Task<List<JobRecord>> QueryAsync(string sql, object[] parameters, CancellationToken cancellationToken)
    {
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadAsync(reader, cancellationToken);
    }

    private static async Task<List<JobRecord>> ReadAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var jobs = new List<JobRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new JobRecord(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.IsDBNull(4) ? null : Guid.Parse(reader.GetString(4)),
                reader.IsDBNull(5) ? null : Guid.Parse(reader.GetString(5)),
                reader.GetInt32(6),
                reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(9)),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(10)),
                reader.IsDBNull(11) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(11)),
                reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(12)),
                reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetString(14))
            {
                CancelRequestedAt = reader.IsDBNull(15) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(15)),
                ResultJson = reader.IsDBNull(16) ? null : reader.GetString(16),
            });
        }

        return jobs;
    }

    // Positional parameters @p0, @p1, ... as the store's writer takes them.
    private static (string Name, object? Value)[] Named(object[] parameters) =>
        [.. parameters.Select((value, i) => ($"@p{i}", (object?)value))];

    private static DbCommand Command(DbConnection connection, string sql, object[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            parameter.Value = parameters[i];
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
