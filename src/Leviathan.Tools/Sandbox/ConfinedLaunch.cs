namespace Leviathan.Tools.Sandbox;

/// <summary>Everything <see cref="ConfinedProcess"/> needs to start and police one command.</summary>
/// <param name="Arguments">The argument vector after the wrapper: <c>bwrap …</c>, <c>podman run …</c> or the command itself.</param>
/// <param name="Environment">The complete environment of the started program.</param>
/// <param name="WorkingDirectory">The host directory the program starts in.</param>
/// <param name="Limits">The rlimits set by the wrapper, the cgroup limits and the output caps.</param>
/// <param name="Timeout">The wall-clock limit.</param>
internal sealed record ConfinedLaunch(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    SandboxLimits Limits,
    TimeSpan Timeout)
{
    /// <summary>Whether the process joins fresh cgroups carrying the memory, CPU and process limits.</summary>
    public bool UseCgroups { get; init; }

    /// <summary>A cgroup path to create the cgroups under, instead of the current process's cgroup.</summary>
    public string? CgroupParent { get; init; }

    /// <summary>The workspace whose growth <see cref="SandboxLimits.MaxWorkspaceBytes"/> limits; no disk quota when null.</summary>
    public string? QuotaWorkspace { get; init; }

    /// <summary>
    /// Whether <c>Arguments[0]</c> is Leviathan's sandbox launcher, which joins the cgroups and sets the rlimits itself
    /// (<c>--join</c>, <c>--rlimits</c>) before anything else: the <c>/bin/sh</c> wrapper, one more program started per
    /// command, is then left out.
    /// </summary>
    public bool LauncherConfines { get; init; }

    /// <summary>
    /// Whether <c>Arguments[0]</c> is the sandbox launcher even where it does not confine (the <c>none</c> backend, podman
    /// under root): it is then told the disk quota's start (<c>--after</c>) and holds the command until the kernel's file
    /// clock has passed it. Implied by <see cref="LauncherConfines"/>.
    /// </summary>
    public bool StartsWithLauncher { get; init; }

    /// <summary>Extra clean-up after a timeout or cancellation (a container that outlives its client).</summary>
    public Func<Task>? OnKill { get; init; }
}
