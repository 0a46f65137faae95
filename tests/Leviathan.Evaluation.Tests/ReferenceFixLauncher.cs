using Leviathan.Core.Runs;
using Leviathan.Evaluation.Running;
using Leviathan.Evaluation.Suites;

namespace Leviathan.Evaluation.Tests;

/// <summary>
/// A hand-written launcher for the harness's own seam: it "solves" the tasks it is told to by applying their reference
/// fix in the workspace, leaves the others untouched, and can fail or wait on request. Each call is one run.
/// </summary>
internal sealed class ReferenceFixLauncher(SoftwareSuite suite, ISet<string> solves) : IAttemptLauncher
{
    private readonly List<AttemptRequest> _requests = [];

    /// <summary>Tasks whose launch throws an infrastructure fault.</summary>
    public ISet<string> Infrastructure { get; init; } = new HashSet<string>();

    /// <summary>Tasks whose launch waits until cancelled.</summary>
    public ISet<string> Hang { get; init; } = new HashSet<string>();

    /// <summary>Released once per hanging launch that has started.</summary>
    public SemaphoreSlim HangStarted { get; } = new(0);

    public IReadOnlyList<AttemptRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        var runId = Guid.CreateVersion7();
        request.OnRunCreated?.Invoke(runId);
        if (Infrastructure.Contains(request.Key.TaskId))
        {
            throw new AttemptInfrastructureException("the model endpoint http://127.0.0.1:9/v1 did not answer after 3 retries") { RunId = runId };
        }

        if (Hang.Contains(request.Key.TaskId))
        {
            HangStarted.Release();
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        var task = suite.Find(request.Key.TaskId)!;
        var solved = solves.Contains(task.Id);
        if (solved)
        {
            await TaskWorkspace.ApplyReferenceAsync(task, request.Workspace, cancellationToken);
        }

        var usage = new RunUsage(1000, 100, 0.01m, solved ? 4 : 9, TimeSpan.FromSeconds(2));
        return new AttemptOutcome(runId, solved ? RunStatus.Succeeded : RunStatus.FailedVerification, solved ? "verified" : "verification failed 3 times", usage, solved);
    }
}
