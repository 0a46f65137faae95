using System.Diagnostics;
using System.Globalization;

namespace Leviathan.Tools.Sandbox.Cgroups;

/// <summary>
/// The cgroups of one sandboxed command: created with their limits before it starts, read for limit
/// hits after it ends, emptied (every process killed) and removed.
/// </summary>
internal sealed class CgroupScope
{
    private static readonly TimeSpan RemoveTimeout = TimeSpan.FromSeconds(10);

    // Leftovers are swept once in a while, not before every command: each sweep lists (and stats) every sandbox cgroup
    // of the parents, and with many commands at once most of those belong to commands that are running.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    private static long _lastSweep = long.MinValue;

    // Set once a read of the pids cgroup found no process: the command's processes are all gone for good.
    private volatile bool _empty;

    private CgroupScope(CgroupPlan plan) => Plan = plan;

    public CgroupPlan Plan { get; }

    /// <summary>Creates the cgroups and writes the limits.</summary>
    /// <exception cref="SandboxUnavailableException">The cgroups cannot be created here (permissions, delegation).</exception>
    public static CgroupScope Create(CgroupLayout layout, SandboxLimits limits, TimeProvider time)
    {
        SweepLeftovers(layout, time);
        var plan = CgroupPlan.For(layout, $"leviathan-{Guid.NewGuid():N}", limits);
        var scope = new CgroupScope(plan);
        try
        {
            if (plan.Version == CgroupVersion.V2)
            {
                EnableControllers(Path.GetDirectoryName(plan.Directories[0])!);
            }

            foreach (var dir in plan.Directories)
            {
                Directory.CreateDirectory(dir);
            }

            foreach (var write in plan.Writes)
            {
                if (write.Optional && !File.Exists(write.File))
                {
                    continue;
                }

                WriteControl(write.File, write.Value);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            scope.TryRemoveNow();
            throw new SandboxUnavailableException(
                $"Cannot set up the sandbox cgroups under {Path.GetDirectoryName(plan.Directories[0])}: {ex.Message}",
                "run as root, or point sandbox.cgroup_parent at a cgroup delegated to this user, or turn cgroup limits off (sandbox.cgroups: false)",
                ex);
        }

        return scope;
    }

    /// <summary>The limits the command ran into, from the controllers' event counters.</summary>
    public SandboxLimitHit ReadLimitHits()
    {
        var hits = SandboxLimitHit.None;
        var memoryDir = Plan.Directories[0];
        var oomFile = Plan.Version == CgroupVersion.V2 ? "memory.events" : "memory.oom_control";
        if (Counter(Path.Join(memoryDir, oomFile), "oom_kill") > 0)
        {
            hits |= SandboxLimitHit.Memory;
        }

        if (Counter(Path.Join(Plan.PidsDirectory, "pids.events"), "max") > 0)
        {
            hits |= SandboxLimitHit.Processes;
        }

        return hits;
    }

    /// <summary>
    /// Kills every process still in the cgroups and waits until they are gone; then removes the
    /// cgroups. The removal itself (the kernel tearing down the controllers' state) finishes in the
    /// background, off the command's critical path: nothing runs in them any more.
    /// </summary>
    public async Task DisposeAsync(TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (!_empty)
            {
                KillAll();
            }

            if (_empty || ReadPids(Path.Join(Plan.PidsDirectory, "cgroup.procs")).Count == 0)
            {
                _ = Task.Run(() => RemoveInBackgroundAsync(time));
                return;
            }

            if (time.GetElapsedTime(started) > RemoveTimeout)
            {
                throw new IOException(
                    $"The sandbox cgroup {Plan.PidsDirectory} still holds processes {RemoveTimeout.TotalSeconds} s after they were killed.");
            }

            // Killed processes leave their cgroup only once the kernel has finished tearing them down.
            await Task.Delay(TimeSpan.FromMilliseconds(1), time, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task RemoveInBackgroundAsync(TimeProvider time)
    {
        var started = time.GetTimestamp();
        while (!TryRemoveNow() && time.GetElapsedTime(started) < RemoveTimeout)
        {
            KillAll();
            await Task.Delay(TimeSpan.FromMilliseconds(5), time, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Sends SIGKILL to every process in the cgroups.</summary>
    public void KillAll()
    {
        var killFile = Path.Join(Plan.PidsDirectory, "cgroup.kill");
        if (Plan.Version == CgroupVersion.V2 && File.Exists(killFile))
        {
            TryWrite(killFile, "1");
            return;
        }

        // v1 has no cgroup.kill: the pids cgroup lists everything the command started. A list read empty stays empty (only a
        // member's fork or a write to cgroup.procs adds a process, and no member is left to fork), so the removal need not
        // read it again.
        var pids = ReadPids(Path.Join(Plan.PidsDirectory, "cgroup.procs"));
        if (pids.Count == 0)
        {
            _empty = true;
            return;
        }

        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
    }

    private bool TryRemoveNow()
    {
        var removed = true;
        foreach (var dir in Plan.Directories)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir);
                }
            }
            catch (IOException)
            {
                removed = false;
            }
        }

        return removed;
    }

    /// <summary>
    /// Removes empty sandbox cgroups that a process ended before removing (their removal runs in the
    /// background). Only old ones: a young one may belong to a sandbox that is starting right now. At most
    /// once a minute per process.
    /// </summary>
    private static void SweepLeftovers(CgroupLayout layout, TimeProvider time)
    {
        var last = Interlocked.Read(ref _lastSweep);
        var now = time.GetTimestamp();
        if ((last != long.MinValue && time.GetElapsedTime(last, now) is var since && since >= TimeSpan.Zero && since < SweepInterval)
            || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return;
        }

        var cutoff = time.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1);
        foreach (var parent in layout.Parents.Values.Distinct(StringComparer.Ordinal))
        {
            if (!Directory.Exists(parent))
            {
                continue;
            }

            foreach (var dir in Directory.EnumerateDirectories(parent, "leviathan-*"))
            {
                try
                {
                    if (Directory.GetCreationTimeUtc(dir) < cutoff)
                    {
                        Directory.Delete(dir);
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // Still in use, or not ours to remove.
                }
            }
        }
    }

    private static void EnableControllers(string parent)
    {
        var control = Path.Join(parent, "cgroup.subtree_control");
        var enabled = File.Exists(control) ? File.ReadAllText(control).Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries) : [];
        var missing = CgroupLayout.Controllers.Where(c => !enabled.Contains(c, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            File.WriteAllText(control, string.Join(' ', missing.Select(c => "+" + c)));
        }
    }

    private static long Counter(string file, string key)
    {
        if (!File.Exists(file))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(file))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return 0;
    }

    private static List<int> ReadPids(string file)
    {
        try
        {
            return [.. File.ReadAllLines(file)
                .Select(l => int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(p => p > 0)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>
    /// Writes a control file of the kernel's: open, one write, close. <see cref="File.WriteAllText(string, string?)"/> would also
    /// lock and truncate it, two more calls per file and five files per command.
    /// </summary>
    private static void WriteControl(string file, string value)
    {
        using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        RandomAccess.Write(handle, System.Text.Encoding.ASCII.GetBytes(value), 0);
    }

    private static void TryWrite(string file, string value)
    {
        try
        {
            File.WriteAllText(file, value);
        }
        catch (IOException)
        {
            // The cgroup emptied itself meanwhile.
        }
    }
}
