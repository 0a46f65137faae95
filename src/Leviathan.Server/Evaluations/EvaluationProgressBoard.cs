using System.Collections.Concurrent;
using Leviathan.Evaluation.Running;

namespace Leviathan.Server.Evaluations;

/// <summary>
/// The latest progress the harness reported for each evaluation this server runs now (fed by
/// <see cref="EvaluationDependencies.Progress"/>), read by <c>GET /v1/evaluations/{id}</c> while the job runs.
/// </summary>
internal sealed class EvaluationProgressBoard
{
    private readonly ConcurrentDictionary<Guid, EvaluationProgress> _progress = new();

    /// <summary>Records a report; one that arrives after a later one (reports are sent outside the harness's lock) is dropped.</summary>
    public void Report(Guid jobId, EvaluationProgress progress) =>
        _progress.AddOrUpdate(jobId, progress, (_, known) => progress.Done >= known.Done ? progress : known);

    /// <summary>The latest report of a running evaluation of this server; null when it runs elsewhere or has not reported yet.</summary>
    public EvaluationProgress? Find(Guid jobId) => _progress.TryGetValue(jobId, out var progress) ? progress : null;

    /// <summary>Forgets an evaluation whose runner returned (its results file says the rest).</summary>
    public void Remove(Guid jobId) => _progress.TryRemove(jobId, out _);
}
