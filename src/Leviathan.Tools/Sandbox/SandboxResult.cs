using System.Globalization;

namespace Leviathan.Tools.Sandbox;

/// <summary>What a sandboxed command did.</summary>
public sealed record SandboxResult
{
    /// <summary>The exit status for a timeout, as with coreutils <c>timeout</c>.</summary>
    public const int TimeoutExitCode = 124;

    /// <summary>The line every result of the <c>none</c> backend carries.</summary>
    public const string UnsandboxedWarning =
        "WARNING: sandbox 'none': this command ran directly on this machine with no isolation (no file system, network or process limits).";

    /// <summary>The backend that ran the command.</summary>
    public required SandboxKind Kind { get; init; }

    /// <summary>The command's exit status: 124 after a timeout, 128+N when killed by signal N.</summary>
    public required int ExitCode { get; init; }

    /// <summary>Standard output; head and tail kept within the output limit, the cut marked.</summary>
    public required string Stdout { get; init; }

    /// <summary>Standard error; head and tail kept within the output limit, the cut marked.</summary>
    public required string Stderr { get; init; }

    /// <summary>All bytes the command wrote to stdout, kept or not.</summary>
    public long StdoutBytes { get; init; }

    /// <summary>All bytes the command wrote to stderr, kept or not.</summary>
    public long StderrBytes { get; init; }

    /// <summary>Wall-clock time from start to the end of clean-up.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>The limits the command ran into.</summary>
    public SandboxLimitHit LimitsHit { get; init; }

    /// <summary>More lines for <see cref="Notices"/>: toolchain folders skipped, a program not found and which preset brings it.</summary>
    public IReadOnlyList<string> Remarks { get; init; } = [];

    /// <summary>The limits that applied.</summary>
    public required SandboxLimits Limits { get; init; }

    /// <summary>The wall-clock limit that applied.</summary>
    public TimeSpan Timeout { get; init; }

    /// <summary>What the command added to the workspace, measured when it went over its disk quota; 0 otherwise.</summary>
    public long WorkspaceBytesAdded { get; init; }

    /// <summary>Files and folders the command created that were removed because it went over its disk quota.</summary>
    public int RemovedEntries { get; init; }

    /// <summary>The limits hit, by their names in output and JSON (<c>timeout</c>, <c>memory</c>, <c>processes</c>, <c>cpu_time</c>, <c>file_size</c>, <c>output</c>, <c>disk_quota</c>).</summary>
    public IReadOnlyList<string> LimitNames =>
        [.. Enum.GetValues<SandboxLimitHit>().Where(h => h != SandboxLimitHit.None && LimitsHit.HasFlag(h)).Select(LimitName)];

    /// <summary>Whether the wall-clock timeout killed the command.</summary>
    public bool TimedOut => LimitsHit.HasFlag(SandboxLimitHit.Timeout);

    /// <summary>
    /// Lines for a person or a model about what the sandbox did to the command (timeout, limits, no
    /// isolation); empty when nothing happened worth saying.
    /// </summary>
    public IReadOnlyList<string> Notices
    {
        get
        {
            var notices = new List<string>();
            if (Kind == SandboxKind.None)
            {
                notices.Add(UnsandboxedWarning);
            }

            var inv = CultureInfo.InvariantCulture;
            if (LimitsHit.HasFlag(SandboxLimitHit.Timeout))
            {
                notices.Add(string.Create(inv, $"killed: the command ran past its {Timeout.TotalSeconds:0.###} s timeout; every process it started was killed (exit {TimeoutExitCode})"));
            }

            if (LimitsHit.HasFlag(SandboxLimitHit.Memory))
            {
                notices.Add(string.Create(inv, $"killed: out of memory; the limit is {Limits.MemoryBytes / (1024 * 1024)} MB"));
            }

            if (LimitsHit.HasFlag(SandboxLimitHit.Processes))
            {
                notices.Add(string.Create(inv, $"limited: the process limit of {Limits.MaxProcesses} was reached and forks were refused"));
            }

            if (LimitsHit.HasFlag(SandboxLimitHit.CpuTime))
            {
                notices.Add(string.Create(inv, $"killed: a process used up its {Limits.CpuSeconds} s of CPU time"));
            }

            if (LimitsHit.HasFlag(SandboxLimitHit.FileSize))
            {
                notices.Add(string.Create(inv, $"killed: a process wrote past the file size limit of {Limits.MaxFileBytes / (1024 * 1024)} MB"));
            }

            if (LimitsHit.HasFlag(SandboxLimitHit.DiskQuota))
            {
                notices.Add(string.Create(inv, $"disk_quota: the command added {WorkspaceBytesAdded / (1024 * 1024)} MB to the workspace, over its quota of {Limits.MaxWorkspaceBytes / (1024 * 1024)} MB; it was ended and the {RemovedEntries} files and folders it created were removed (files it changed stay as they are)"));
            }

            if (LimitsHit.HasFlag(SandboxLimitHit.Output))
            {
                notices.Add(string.Create(inv, $"output cut: {StdoutBytes:N0} bytes on stdout and {StderrBytes:N0} on stderr; {Limits.MaxOutputBytes:N0} bytes of each are kept (head and tail)"));
            }

            notices.AddRange(Remarks);
            return notices;
        }
    }

    private static string LimitName(SandboxLimitHit hit) => hit switch
    {
        SandboxLimitHit.Timeout => "timeout",
        SandboxLimitHit.Memory => "memory",
        SandboxLimitHit.Processes => "processes",
        SandboxLimitHit.CpuTime => "cpu_time",
        SandboxLimitHit.FileSize => "file_size",
        SandboxLimitHit.Output => "output",
        SandboxLimitHit.DiskQuota => "disk_quota",
        _ => hit.ToString().ToLowerInvariant(),
    };
}
