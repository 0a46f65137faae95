using System.Text.Json;
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
        using var turn = await store.WriteTurnAsync(cancellationToken);
        await using var context = store.CreateContext();
        var entity = await context.Evaluations.FirstOrDefaultAsync(e => e.Id == evaluation.Id, cancellationToken);
        if (entity is null)
        {
            entity = new EvaluationEntity { Id = evaluation.Id, CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds() };
            context.Evaluations.Add(entity);
        }

        entity.SuiteId = evaluation.SuiteId;
        entity.SuitePath = evaluation.SuitePath;
        entity.OutDir = evaluation.OutDir;
        entity.Configurations = JsonSerializer.Serialize(evaluation.Configurations.ToList(), PersistenceJsonContext.Default.ListString);
        entity.Repeats = evaluation.Repeats;
        entity.TaskCount = evaluation.TaskCount;
        entity.Status = "running";
        entity.EndedAt = null;
        await context.SaveChangesAsync(cancellationToken);
        return ToRecord(entity);
    }

    /// <summary>Records how far an evaluation got; <paramref name="status"/> other than <c>running</c> also stamps its end.</summary>
    public async Task UpdateAsync(Guid id, string status, int runCount, int succeeded, decimal costUsd, CancellationToken cancellationToken = default)
    {
        long? ended = status == "running" ? null : time.GetUtcNow().ToUnixTimeMilliseconds();
        using var turn = await store.WriteTurnAsync(cancellationToken);
        await using var context = store.CreateContext();
        var rows = await context.Evaluations.Where(e => e.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(e => e.Status, status).SetProperty(e => e.RunCount, runCount).SetProperty(e => e.Succeeded, succeeded)
                .SetProperty(e => e.CostUsd, costUsd).SetProperty(e => e.EndedAt, ended),
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
