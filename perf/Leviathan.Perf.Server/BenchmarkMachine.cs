using System.Globalization;

namespace Leviathan.Perf.Server;

/// <summary>What the figures were measured under: the load average (other work on the machine) and this process's CPU and memory.</summary>
internal static class BenchmarkMachine
{
    public static string Describe() =>
        $"{Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[..3].Aggregate((a, b) => $"{a} {b}")} (1, 5, 15 min)";

    /// <summary>CPU used so far by this process and by the child processes it has waited for (sandboxed commands, git).</summary>
    public static (TimeSpan Own, TimeSpan Children) Cpu()
    {
        // Fields 14-17 of /proc/self/stat (after the parenthesised name): utime, stime, cutime, cstime in clock ticks.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        static double Ticks(string value) => double.Parse(value, CultureInfo.InvariantCulture) / 100.0;
        return (
            TimeSpan.FromSeconds(Ticks(fields[11]) + Ticks(fields[12])),
            TimeSpan.FromSeconds(Ticks(fields[13]) + Ticks(fields[14])));
    }

    public static double PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return double.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
    }

    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
