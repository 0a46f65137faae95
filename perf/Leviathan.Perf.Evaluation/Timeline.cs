using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// Where the runs' time goes: each attempt's marks (launcher entered, each model call's start and end, launcher left), from
/// which the phases between the model calls are summed up; the model calls themselves are the ideal.
/// </summary>
internal sealed class Timeline
{
    private static readonly AsyncLocal<List<(long At, string What)>?> Current = new();
    private readonly ConcurrentBag<List<(long At, string What)>> _attempts = [];
    private long _origin = Stopwatch.GetTimestamp();
    private int _parallel;
    private int _launches;
    private (long Methods, TimeSpan Time) _jitAtStart;
    private (int Gen0, int Gen1, int Gen2, TimeSpan Paused) _gcAtStart;
    private (long Methods, TimeSpan Time)? _jitAtSecondWave;

    /// <summary>Times the launches and ends from now on (the evaluation's start); the launch after the first <paramref name="parallel"/> starts the second wave.</summary>
    public void Start(int parallel)
    {
        _parallel = parallel;
        _jitAtStart = Jit();
        _gcAtStart = Gc();
        _origin = Stopwatch.GetTimestamp();
    }

    /// <summary>The evaluation's start (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long Origin => _origin;

    /// <summary>When the last run ended (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public long LastEnd => _attempts.Max(m => m[^1].At);

    /// <summary>Garbage collections of each generation so far, and how long they paused the process.</summary>
    private static (int Gen0, int Gen1, int Gen2, TimeSpan Paused) Gc() =>
        (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>Methods the JIT has compiled in this process so far, and the time it took (every thread, the tier-up compiler's too).</summary>
    private static (long Methods, TimeSpan Time) Jit() =>
        (System.Runtime.JitInfo.GetCompiledMethodCount(currentThread: false), System.Runtime.JitInfo.GetCompilationTime(currentThread: false));

    public static void Mark(string what)
    {
        if (Current.Value is { } marks)
        {
            lock (marks)
            {
                marks.Add((Stopwatch.GetTimestamp(), what));
            }
        }
    }

    /// <summary>Starts the current attempt's marks (the async flow below this call carries them).</summary>
    public void Begin()
    {
        if (Interlocked.Increment(ref _launches) == _parallel + 1 && _parallel > 0)
        {
            _jitAtSecondWave = Jit();
        }

        var marks = new List<(long At, string What)> { (Stopwatch.GetTimestamp(), "launch") };
        Current.Value = marks;
        _attempts.Add(marks);
    }

    /// <summary>Prints the marks of the attempt of <paramref name="attempts"/> that ended last, in seconds after the evaluation started.</summary>
    private void Chain(string label, IEnumerable<List<(long At, string What)>> attempts)
    {
        var last = attempts.MaxBy(m => m[^1].At)!;
        Console.WriteLine($"  chain, {label} (s): " + string.Join(", ", last.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.What} {Seconds(_origin, m.At):0.000}"))));
    }

    /// <summary>Prints, per phase (from one mark to the next), the mean and the largest time across attempts, and when the attempts started and ended.</summary>
    public void Print(int parallel)
    {
        var phases = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        var starts = new List<double>();
        var ends = new List<double>();
        // The waves in launch order: the first `parallel` launches are the first wave, and so on.
        var ordered = _attempts.OrderBy(m => m[0].At).ToList();
        for (var a = 0; a < ordered.Count; a++)
        {
            var marks = ordered[a];
            starts.Add(Seconds(_origin, marks[0].At));
            ends.Add(Seconds(_origin, marks[^1].At));
            for (var i = 1; i < marks.Count; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"w{a / parallel + 1} {marks[i - 1].What} -> {marks[i].What}");
                if (!phases.TryGetValue(name, out var list))
                {
                    phases[name] = list = [];
                }

                list.Add(Seconds(marks[i - 1].At, marks[i].At) * 1000);
            }
        }

        Console.WriteLine("  phases (ms; mean / p90 / max over attempts):");
        foreach (var (name, list) in phases.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            list.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"    {name,-43} {list.Average(),7:0} / {list[(int)(list.Count * 0.9)],7:0} / {list[^1],7:0}  (n={list.Count})"));
        }

        // The longest chain: the first wave's run that ended last, whose slot went to a run of the second wave, and the run that
        // ended last of all. What each spent beyond its model calls is the wall time beyond the ideal.
        Chain("the first wave's last run", ordered.Take(parallel));
        Chain("the last run", ordered);

        starts.Sort();
        ends.Sort();
        var wave = Math.Min(parallel, starts.Count) - 1;
        var next = Math.Min(parallel, starts.Count - 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  after the evaluation started: launches from {starts[0]:0.00} s, the {wave + 1}th at {starts[wave]:0.00} s, the next at {starts[next]:0.00} s, the last at {starts[^1]:0.00} s; " +
            $"runs ended: first at {ends[0]:0.00} s, the {wave + 1}th at {ends[wave]:0.00} s, the last at {ends[^1]:0.00} s"));
        var end = Jit();
        var second = _jitAtSecondWave ?? end;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  JIT: {second.Methods - _jitAtStart.Methods} methods compiled in {(second.Time - _jitAtStart.Time).TotalMilliseconds:0} ms before the second wave's first launch, " +
            $"{end.Methods - second.Methods} in {(end.Time - second.Time).TotalMilliseconds:0} ms after it"));
        var gc = Gc();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  GC: {gc.Gen0 - _gcAtStart.Gen0} collections of generation 0, {gc.Gen1 - _gcAtStart.Gen1} of 1, {gc.Gen2 - _gcAtStart.Gen2} of 2; the process paused {(gc.Paused - _gcAtStart.Paused).TotalMilliseconds:0} ms for them"));
        // The monotonic clock (what perf record stamps its samples with): `perf report --time START,END` gives one wave's profile.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  monotonic clock at the start: {Seconds(0, _origin):0.000000} s; the second wave's first launch at {Seconds(0, _origin) + starts[next]:0.000000} s"));
    }

    private static double Seconds(long from, long to) => (double)(to - from) / Stopwatch.Frequency;
}
