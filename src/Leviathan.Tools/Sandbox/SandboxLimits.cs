namespace Leviathan.Tools.Sandbox;

/// <summary>
/// Resource limits of one sandboxed command. Memory, CPU share and the number of processes are
/// enforced by a cgroup; CPU time and file size by rlimits; the wall clock by the runner.
/// </summary>
public sealed record SandboxLimits
{
    /// <summary>The limits agents get unless a run says otherwise.</summary>
    public static SandboxLimits Default { get; } = new();

    /// <summary>Memory of all processes together (cgroup), in bytes. Default 1 GiB.</summary>
    public long MemoryBytes { get; init; } = 1L << 30;

    /// <summary>CPU share in cores (cgroup CPU quota). Default 1.</summary>
    public double Cpus { get; init; } = 1.0;

    /// <summary>The most processes and threads alive at once (pids cgroup). Default 256.</summary>
    public int MaxProcesses { get; init; } = 256;

    /// <summary>CPU seconds per process (RLIMIT_CPU). Default 600.</summary>
    public int CpuSeconds { get; init; } = 600;

    /// <summary>The largest file a process may write (RLIMIT_FSIZE), in bytes. Default 1 GiB.</summary>
    public long MaxFileBytes { get; init; } = 1L << 30;

    /// <summary>Bytes of stdout and of stderr kept each (head and tail); the rest is counted and dropped. Default 1 MiB.</summary>
    public int MaxOutputBytes { get; init; } = 1 << 20;

    /// <summary>
    /// The most one command may add to the workspace (allocated bytes of the files it creates or changes); 0 turns
    /// the check off. Default 2 GiB. See <see cref="SandboxLimitHit.DiskQuota"/>.
    /// </summary>
    public long MaxWorkspaceBytes { get; init; } = 2L << 30;

    /// <summary>Throws when a limit is out of range, naming the limit and what is accepted.</summary>
    public void Validate()
    {
        if (MemoryBytes < 16L << 20)
        {
            throw new ArgumentException($"The memory limit must be at least 16 MB, not {MemoryBytes / (1 << 20)} MB.");
        }

        if (Cpus is <= 0 or > 1024)
        {
            throw new ArgumentException($"The CPU limit must be more than 0 and at most 1024 cores, not {Cpus}.");
        }

        if (MaxProcesses < 8)
        {
            throw new ArgumentException($"The process limit must be at least 8, not {MaxProcesses}.");
        }

        if (CpuSeconds < 1)
        {
            throw new ArgumentException($"The CPU time limit must be at least 1 second, not {CpuSeconds}.");
        }

        if (MaxFileBytes < 1 << 20)
        {
            throw new ArgumentException($"The file size limit must be at least 1 MB, not {MaxFileBytes} bytes.");
        }

        if (MaxWorkspaceBytes != 0 && MaxWorkspaceBytes < 1 << 20)
        {
            throw new ArgumentException($"The workspace disk quota must be 0 (off) or at least 1 MB, not {MaxWorkspaceBytes} bytes.");
        }

        if (MaxOutputBytes < 1024)
        {
            throw new ArgumentException($"The output limit must be at least 1024 bytes, not {MaxOutputBytes}.");
        }
    }
}
