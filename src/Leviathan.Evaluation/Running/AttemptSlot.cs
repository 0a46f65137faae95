namespace Leviathan.Evaluation.Running;

/// <summary>
/// What one attempt holds of the evaluation's limits: one of the <see cref="EvaluationPlan.Parallel"/> run slots while its
/// run (or the baseline solver) works, then, once the run has ended, one of the <see cref="EvaluationPlan.JudgesAtOnce"/> judge
/// slots. The run slot is given back before the judgement, so that the next attempt's run starts while this one is judged:
/// runs at once stay bounded by <c>--parallel</c>, judgements by <c>--judges</c>.
/// </summary>
internal sealed class AttemptSlot(SemaphoreSlim runs, SemaphoreSlim judges, Action runEnded) : IDisposable
{
    private int _runHeld = 1;
    private int _judgeHeld;

    /// <summary>The run has ended: its slot goes to the next attempt.</summary>
    public void EndRun()
    {
        if (Interlocked.Exchange(ref _runHeld, 0) == 1)
        {
            runs.Release();
            runEnded();
        }
    }

    /// <summary>Ends the run (if not yet) and waits for a judge slot.</summary>
    public async Task EnterJudgeAsync()
    {
        EndRun();
        // Never cancelled: a judgement cut short by Ctrl-C still returns its slot through Dispose.
        await judges.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        Interlocked.Exchange(ref _judgeHeld, 1);
    }

    /// <summary>Gives back whatever the attempt still holds.</summary>
    public void Dispose()
    {
        EndRun();
        if (Interlocked.Exchange(ref _judgeHeld, 0) == 1)
        {
            judges.Release();
        }
    }
}
