using System.Globalization;

namespace Leviathan.Tools.Sandbox.Cgroups;

/// <summary>
/// The directories and control-file values that give one sandboxed command its limits, worked out
/// without touching the file system.
/// </summary>
internal sealed record CgroupPlan(
    CgroupVersion Version,
    IReadOnlyList<string> Directories,
    IReadOnlyList<CgroupWrite> Writes,
    IReadOnlyList<string> ProcsFiles)
{
    private const int CpuPeriodMicroseconds = 100_000;

    /// <summary>
    /// The files the launcher writes <c>0</c> to, to move itself into each cgroup before it starts anything. Under v1 these
    /// are the <c>tasks</c> files: a single thread moving itself is the one move for which the kernel skips its global
    /// thread-group lock (every <c>cgroup.procs</c> write takes it, and forks everywhere wait for it), so many commands
    /// starting at once do not queue behind each other's moves. The launcher has one thread, so its process moves whole.
    /// </summary>
    public IEnumerable<string> JoinFiles => Version == CgroupVersion.V1
        ? ProcsFiles.Select(procs => Path.Join(Path.GetDirectoryName(procs), "tasks"))
        : ProcsFiles;

    /// <summary>The directory whose <c>cgroup.procs</c> lists every process of the command.</summary>
    public string PidsDirectory => Path.GetDirectoryName(ProcsFiles[^1])!;

    public static CgroupPlan For(CgroupLayout layout, string name, SandboxLimits limits)
    {
        var inv = CultureInfo.InvariantCulture;
        var quota = Math.Max(1000, (long)Math.Round(limits.Cpus * CpuPeriodMicroseconds));
        var memory = limits.MemoryBytes.ToString(inv);
        var pids = limits.MaxProcesses.ToString(inv);
        if (layout.Version == CgroupVersion.V2)
        {
            var dir = Path.Join(layout.Parents["memory"], name);
            return new CgroupPlan(
                CgroupVersion.V2,
                [dir],
                [
                    new(Path.Join(dir, "memory.max"), memory),
                    new(Path.Join(dir, "memory.swap.max"), "0", Optional: true),
                    new(Path.Join(dir, "cpu.max"), string.Create(inv, $"{quota} {CpuPeriodMicroseconds}")),
                    new(Path.Join(dir, "pids.max"), pids),
                ],
                [Path.Join(dir, "cgroup.procs")]);
        }

        var memoryDir = Path.Join(layout.Parents["memory"], name);
        var cpuDir = Path.Join(layout.Parents["cpu"], name);
        var pidsDir = Path.Join(layout.Parents["pids"], name);
        return new CgroupPlan(
            CgroupVersion.V1,
            [memoryDir, cpuDir, pidsDir],
            [
                new(Path.Join(memoryDir, "memory.limit_in_bytes"), memory),
                // Without this the limit could be dodged into swap; it must follow limit_in_bytes.
                new(Path.Join(memoryDir, "memory.memsw.limit_in_bytes"), memory, Optional: true),
                new(Path.Join(cpuDir, "cpu.cfs_period_us"), CpuPeriodMicroseconds.ToString(inv)),
                new(Path.Join(cpuDir, "cpu.cfs_quota_us"), quota.ToString(inv)),
                new(Path.Join(pidsDir, "pids.max"), pids),
            ],
            // The pids directory comes last: it is the one that lists every process for clean-up.
            [Path.Join(memoryDir, "cgroup.procs"), Path.Join(cpuDir, "cgroup.procs"), Path.Join(pidsDir, "cgroup.procs")]);
    }
}
