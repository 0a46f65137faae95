namespace Leviathan.Tools.Sandbox;

/// <summary>Which limits a command ran into.</summary>
[Flags]
public enum SandboxLimitHit
{
    /// <summary>No limit was reached.</summary>
    None = 0,

    /// <summary>The wall-clock timeout killed the command.</summary>
    Timeout = 1,

    /// <summary>The memory limit was reached and a process was killed.</summary>
    Memory = 2,

    /// <summary>The process limit refused a fork.</summary>
    Processes = 4,

    /// <summary>A process used up its CPU time (SIGXCPU).</summary>
    CpuTime = 8,

    /// <summary>A process tried to write past the file size limit (SIGXFSZ).</summary>
    FileSize = 16,

    /// <summary>Output beyond the kept head and tail was dropped.</summary>
    Output = 32,

    /// <summary>The command wrote more to the workspace than its disk quota; it was ended and what it created removed.</summary>
    DiskQuota = 64,
}
