using System.Globalization;
using Leviathan.Core.Runs;

namespace Leviathan.Persistence.Tracing;

/// <summary>
/// Who this process is, and whether the recorded owner of a run is still alive. Only a process on the same
/// machine can be checked; a run owned by another machine is never called interrupted from here.
/// </summary>
internal static class RunOwnerProbe
{
    private static readonly Lazy<RunOwner> Self = new(() =>
    {
        var pid = Environment.ProcessId;
        return new RunOwner(Environment.MachineName, pid, StartMark(pid));
    });

    /// <summary>The current process.</summary>
    public static RunOwner Current => Self.Value;

    /// <summary>True when the owner ran on this machine and that process no longer exists (or its id now belongs to another process).</summary>
    public static bool IsGone(RunOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (!string.Equals(owner.Host, Environment.MachineName, StringComparison.Ordinal) || owner.StartMark is null)
        {
            return false;
        }

        if (owner.ProcessId == Environment.ProcessId)
        {
            return !string.Equals(owner.StartMark, Current.StartMark, StringComparison.Ordinal);
        }

        var now = StartMark(owner.ProcessId);
        return now is null ? Directory.Exists("/proc/self") : !string.Equals(now, owner.StartMark, StringComparison.Ordinal);
    }

    /// <summary>The boot id and the process start time, or null where /proc does not say (no such process, not Linux).</summary>
    internal static string? StartMark(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");

            // The command name (field 2) may hold spaces and parentheses; the fields after its last ')' are plain.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var startTicks = fields[19];
            var boot = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            return $"{boot}:{startTicks}";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }
}
