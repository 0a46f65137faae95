namespace Leviathan.Tools.Sandbox.Cgroups;

/// <summary>The cgroup interface the machine offers for the memory, cpu and pids controllers.</summary>
public enum CgroupVersion
{
    /// <summary>One hierarchy per controller under <c>/sys/fs/cgroup/&lt;controller&gt;</c> (or a hybrid layout).</summary>
    V1,

    /// <summary>The unified hierarchy.</summary>
    V2,
}
