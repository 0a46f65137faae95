using System.Text.Json;
using Leviathan.Core.Runs;
using Leviathan.Persistence.Database;
using Leviathan.Persistence.Tracing;
using Microsoft.EntityFrameworkCore;

namespace Leviathan.Persistence.Evaluations;

/// <summary>The evaluations of a trace store, and the tag that ties a run to one.</summary>
public sealed class EvaluationStore(TraceStore store, TimeProvider time)
{
    /// <summary>Records a new evaluation, or (resuming) marks an existing one running again.</summary>
    public async Task<EvaluationRecord> StartAsync(EvaluationRecord evaluation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        var id = evaluation.Id.ToString();
        var configurations = JsonSerializer.Serialize(evaluation.Configurations.ToList(), PersistenceJsonContext.Default.ListString);

        // Plain SQL like the runs' writes (see StoreStatements): a resumed evaluation keeps its creation time and counts.
        await store.ExecuteWriteAsync(
            "INSERT INTO evaluations (id, suite_id, suite_path, out_dir, configurations, repeats, task_count, status, run_count, succeeded, cost_usd, created_at, ended_at) " +
            "VALUES (@id, @suite_id, @suite_path, @out_dir, @configurations, @repeats, @task_count, 'running', 0, 0, @cost_usd, @created_at, NULL) " +
            "ON CONFLICT (id) DO UPDATE SET suite_id = excluded.suite_id, suite_path = excluded.suite_path, out_dir = excluded.out_dir, " +
            "configurations = excluded.configurations, repeats = excluded.repeats, task_count = excluded.task_count, status = 'running', ended_at = NULL",
            [
                ("@id", id), ("@suite_id", evaluation.SuiteId), ("@suite_path", evaluation.SuitePath), ("@out_dir", evaluation.OutDir), ("@configurations", configurations),
                ("@repeats", evaluation.Repeats), ("@task_count", evaluation.TaskCount), ("@cost_usd", store.Money(0m)), ("@created_at", time.GetUtcNow().ToUnixTimeMilliseconds()),
            ],
            cancellationToken);

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT run_count, succeeded, cost_usd, created_at FROM evaluations WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = id;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new TraceStoreException($"the evaluation {evaluation.Id} was not recorded", "check that the store is writable");
        }

        return evaluation with
        {
            Status = "running",
            RunCount = reader.GetInt32(0),
            Succeeded = reader.GetInt32(1),
            CostUsd = reader.GetDecimal(2),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            EndedAt = null,
        };
    }

    /// <summary>Records how far an evaluation got; <paramref name="status"/> other than <c>running</c> also stamps its end.</summary>
    public async Task UpdateAsync(Guid id, string status, int runCount, int succeeded, decimal costUsd, CancellationToken cancellationToken = default)
    {
        long? ended = status == "running" ? null : time.GetUtcNow().ToUnixTimeMilliseconds();
        // Plain SQL like the other writes: an EF update compiles its query on first use, which at the end of an evaluation is
        // time the evaluation waits for.
        var rows = await store.ExecuteWriteAsync(
            "UPDATE evaluations SET status = @status, run_count = @run_count, succeeded = @succeeded, cost_usd = @cost_usd, ended_at = @ended_at WHERE id = @id",
            [("@status", status), ("@run_count", runCount), ("@succeeded", succeeded), ("@cost_usd", store.Money(costUsd)), ("@ended_at", ended), ("@id", id.ToString())],
            cancellationToken);
        if (rows != 1)
        {
            throw new TraceStoreException($"there is no evaluation {id}", "list the evaluations with 'leviathan eval list'");
        }
    }

    /// <summary>Tags a run as one attempt of an evaluation.</summary>
    public async Task TagRunAsync(Guid runId, Guid evaluationId, string item, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(item);
        var rows = await store.ExecuteWriteAsync(
            "UPDATE runs SET evaluation_id = @evaluation_id, evaluation_item = @item WHERE id = @id",
            [("@evaluation_id", evaluationId.ToString()), ("@item", item), ("@id", runId.ToString())],
            cancellationToken);
        if (rows != 1)
        {
            throw new TraceStoreException($"there is no run {runId}", "list the runs with 'leviathan runs list'");
        }
    }

    /// <summary>Attaches an evaluation's judged outcome to one of its runs.</summary>
    public async Task RecordJudgementAsync(Guid runId, EvaluationJudgement judgement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(judgement);
        var rows = await store.ExecuteWriteAsync(
            "UPDATE runs SET evaluation_judged = @judged, evaluation_category = @category, evaluation_judge_summary = @summary WHERE id = @id AND evaluation_id = @evaluation_id",
            [("@judged", judgement.Judged), ("@category", judgement.FailureCategory), ("@summary", judgement.JudgeSummary), ("@id", runId.ToString()), ("@evaluation_id", judgement.EvaluationId.ToString())],
            cancellationToken);
        if (rows != 1)
        {
            throw new TraceStoreException($"there is no run {runId} tagged with the evaluation {judgement.EvaluationId}", "tag the run with the evaluation before recording its judgement");
        }
    }

    /// <summary>The evaluation tags and judged outcomes of the given runs that belong to an evaluation (runs of none are left out).</summary>
    public async Task<IReadOnlyDictionary<Guid, EvaluationJudgement>> JudgementsAsync(IReadOnlyCollection<Guid> runIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var found = new Dictionary<Guid, EvaluationJudgement>();
        await using var context = store.CreateContext();
        foreach (var chunk in runIds.Distinct().Chunk(500))
        {
            var rows = await context.Runs.AsNoTracking().Where(r => chunk.Contains(r.Id) && r.EvaluationId != null)
                .Select(r => new { r.Id, r.EvaluationId, r.EvaluationItem, r.EvaluationJudged, r.EvaluationCategory, r.EvaluationJudgeSummary })
                .ToListAsync(cancellationToken);
            foreach (var r in rows)
            {
                found[r.Id] = new EvaluationJudgement(r.EvaluationId!.Value, r.EvaluationJudged, r.EvaluationCategory ?? "not_judged", r.EvaluationJudgeSummary) { Item = r.EvaluationItem };
            }
        }

        return found;
    }

    /// <summary>The evaluation with this id, or the only one whose id starts with the prefix; null when none (or several) match.</summary>
    public async Task<EvaluationRecord?> FindAsync(string idOrPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrPrefix);
        var prefix = idOrPrefix.Trim().ToLowerInvariant();
        await using var context = store.CreateContext();
        var all = await context.Evaluations.AsNoTracking().ToListAsync(cancellationToken);
        var found = all.Where(e => e.Id.ToString().StartsWith(prefix, StringComparison.Ordinal)).Take(2).ToList();
        return found.Count == 1 ? ToRecord(found[0]) : null;
    }

    /// <summary>The newest evaluations first.</summary>
    public async Task<IReadOnlyList<EvaluationRecord>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var context = store.CreateContext();
        var rows = await context.Evaluations.AsNoTracking().OrderByDescending(e => e.CreatedAt).Take(limit).ToListAsync(cancellationToken);
        return [.. rows.Select(ToRecord)];
    }

    /// <summary>How many runs tagged with an evaluation have not ended (pending or running), wherever they run.</summary>
    public async Task<int> CountUnendedRunsAsync(Guid evaluationId, CancellationToken cancellationToken = default)
    {
        var pending = RunStatus.Pending.ToName();
        var running = RunStatus.Running.ToName();
        await using var context = store.CreateContext();
        return await context.Runs.AsNoTracking().CountAsync(r => r.EvaluationId == evaluationId && (r.Status == pending || r.Status == running), cancellationToken);
    }

    /// <summary>The runs tagged with an evaluation, oldest first.</summary>
    public async Task<IReadOnlyList<EvaluationRun>> RunsAsync(Guid evaluationId, CancellationToken cancellationToken = default)
    {
        await using var context = store.CreateContext();
        var rows = await context.Runs.AsNoTracking().Where(r => r.EvaluationId == evaluationId).OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EvaluationRun(TraceStore.ToRecord(r, 0), r.EvaluationItem ?? string.Empty))];
    }

    private static EvaluationRecord ToRecord(EvaluationEntity e)
    {
        return new EvaluationRecord(
            e.Id,
            e.SuiteId,
            e.SuitePath,
            e.OutDir,
            JsonSerializer.Deserialize(e.Configurations, PersistenceJsonContext.Default.ListString) ?? [],
            e.Repeats,
            e.TaskCount,
            e.Status,
            e.RunCount,
            e.Succeeded,
            e.CostUsd,
            DateTimeOffset.FromUnixTimeMilliseconds(e.CreatedAt),
            e.EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null);
    }
}
