using Leviathan.Engineering.Processes;

/// <summary>
/// Counts the CAD tool runs (OpenSCAD renders) that reach the sandbox. Their CPU time is not in <see cref="CpuMeter"/>'s
/// figure: bubblewrap runs them in a new PID namespace whose processes the host never reaps, so the count stands in for it.
/// </summary>
internal sealed class CountingProcessRunner(IProcessRunner inner) : IProcessRunner
{
    private int _runs;

    public int Runs => _runs;

    public string Isolation => inner.Isolation;

    public Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _runs);
        return inner.RunAsync(request, cancellationToken);
    }
}
