using System.Globalization;

namespace Leviathan.Perf.Evaluation;

/// <summary>
/// CPU time of this process and of every process it starts, however they end: a cgroup v1 <c>cpuacct</c> group of its own,
/// which children join at fork. The children's figure of /proc/self/stat misses part of each sandboxed command: bubblewrap
/// leaves its init process inside the sandbox (where the mounts are made) to be reaped by the system, not by us.
/// Unavailable (null) without a writable cpuacct hierarchy.
/// </summary>
internal sealed class TreeCpu : IDisposable
{
    private const string Root = "/sys/fs/cgroup/cpuacct";
    private readonly string? _group;

    private TreeCpu(string? group) => _group = group;

    /// <summary>Moves this process into a fresh cpuacct group; null figures when that cannot be done here.</summary>
    public static TreeCpu Start()
    {
        var group = Path.Combine(Root, "leviathan-perf-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(group);
            File.WriteAllText(Path.Combine(group, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            return new TreeCpu(group);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new TreeCpu(null);
        }
    }

    /// <summary>CPU seconds (user+system) used by the group so far, or null.</summary>
    public double? Seconds => _group is null
        ? null
        : long.Parse(File.ReadAllText(Path.Combine(_group, "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture) / 1e9;

    public void Dispose()
    {
        if (_group is null)
        {
            return;
        }

        try
        {
            File.WriteAllText(Path.Combine(Root, "cgroup.procs"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.Delete(_group);
        }
        catch (IOException)
        {
            // A process of the tree may still be ending; the empty group is left behind.
        }
    }
}
