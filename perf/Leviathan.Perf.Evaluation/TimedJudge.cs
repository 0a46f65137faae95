using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Leviathan.Tools.Contract;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// When each judge command ran (the judge's sandboxed test), to tell apart the evaluation's tail after its last run: judgements
/// still queued for a judge slot, or the judgements themselves.
/// </summary>
internal sealed class TimedJudge(Func<string, IReadOnlyList<string>, ICommandRunner> inner)
{
    private readonly ConcurrentBag<(long Start, long End)> _commands = [];

    public ICommandRunner Runner(string workspace, IReadOnlyList<string> hidden) => new Timed(inner(workspace, hidden), _commands);

    /// <summary>Prints how many judge commands ran after <paramref name="lastRunEnded"/> and when the last one ended, from <paramref name="origin"/>.</summary>
    public void Print(long origin, long lastRunEnded)
    {
        var all = _commands.ToList();
        if (all.Count == 0)
        {
            return;
        }

        var after = all.Where(c => c.End > lastRunEnded).ToList();
        var durations = all.Select(c => (c.End - c.Start) * 1000.0 / Stopwatch.Frequency).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  judge commands: {all.Count}, each {durations.Average():0} ms mean, p90 {durations[(int)(durations.Count * 0.9)]:0}, max {durations[^1]:0}; " +
            $"{after.Count} ended after the last run ended, the last at {(double)(all.Max(c => c.End) - origin) / Stopwatch.Frequency:0.000} s"));
    }

    private sealed class Timed(ICommandRunner inner, ConcurrentBag<(long Start, long End)> commands) : ICommandRunner
    {
        public async Task<CommandResult> RunAsync(CommandRequest request, CancellationToken cancellationToken)
        {
            var start = Stopwatch.GetTimestamp();
            try
            {
                return await inner.RunAsync(request, cancellationToken);
            }
            finally
            {
                commands.Add((start, Stopwatch.GetTimestamp()));
            }
        }
    }
}
