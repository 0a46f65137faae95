using System.Diagnostics;
using Leviathan.Evaluation.Running;

namespace Leviathan.Perf.Evaluation;

/// <summary>Measures the time spent inside the launcher (the runs themselves), to tell the harness's own time apart.</summary>
internal sealed class TimedLauncher(IAttemptLauncher inner) : IAttemptLauncher
{
    public Timeline Timeline { get; } = new();

    private long _ticks;

    public TimeSpan InRuns => TimeSpan.FromTicks(Interlocked.Read(ref _ticks) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    public async Task<AttemptOutcome> LaunchAsync(AttemptRequest request, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        Timeline.Begin();
        try
        {
            return await inner.LaunchAsync(request, cancellationToken);
        }
        finally
        {
            Timeline.Mark("left");
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
        }
    }
}
