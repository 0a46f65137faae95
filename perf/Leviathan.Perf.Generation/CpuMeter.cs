using System.Globalization;

/// <summary>
/// CPU seconds used by this process and all its descendants (live simulation workers and OpenSCAD runs that have
/// ended), read from /proc: a figure that other load on the machine changes far less than wall time.
/// </summary>
internal static class CpuMeter
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double Seconds()
    {
        var self = Environment.ProcessId;
        var stats = new Dictionary<int, (int Parent, double Own, double Children)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var text = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');

                // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                double Field(int i) => double.Parse(fields[i], CultureInfo.InvariantCulture) / TicksPerSecond;
                stats[pid] = (parent, Field(11) + Field(12), Field(13) + Field(14));
            }
            catch (IOException)
            {
                // the process ended while we looked
            }
        }

        var total = 0.0;
        var pending = new Stack<int>([self]);
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!stats.TryGetValue(pid, out var s))
            {
                continue;
            }

            total += s.Own + s.Children;
            foreach (var child in stats.Where(x => x.Value.Parent == pid).Select(x => x.Key))
            {
                pending.Push(child);
            }
        }

        return total;
    }
}
