using Leviathan.Tools.Sandbox.Toolchains;

namespace Leviathan.Tools.Sandbox;

/// <summary>How sandboxes are built on this machine.</summary>
public sealed record SandboxOptions
{
    /// <summary>The image the podman backend uses unless a request names another.</summary>
    public const string DefaultPodmanImage = "localhost/leviathan-sandbox:bookworm";

    /// <summary>
    /// The default host user and group of sandboxed commands under root: far from the ids of real users,
    /// system users, <c>nobody</c> (65534, which may be granted a file system's reserved blocks) and the usual
    /// subordinate-id ranges.
    /// </summary>
    public const uint DefaultSandboxId = 2_147_480_000;

    /// <summary>The backend.</summary>
    public SandboxKind Kind { get; init; } = SandboxKind.Bubblewrap;

    /// <summary>Host variables a command may see; everything else in the host environment is dropped.</summary>
    public IReadOnlyList<string> PassEnvironment { get; init; } = ["PATH", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "TERM", "TZ"];

    /// <summary>The host environment to take allow-listed variables from; the process environment when null.</summary>
    public IReadOnlyDictionary<string, string?>? HostEnvironment { get; init; }

    /// <summary>Whether memory, CPU and process limits are enforced with cgroups. Turning this off is for machines without cgroups.</summary>
    public bool Cgroups { get; init; } = true;

    /// <summary>A cgroup path (relative to the cgroup mount) to create sandbox cgroups under; the current process's cgroup when null.</summary>
    public string? CgroupParent { get; init; }

    /// <summary>The bubblewrap program, a name looked up on PATH or an absolute path.</summary>
    public string BwrapProgram { get; init; } = "bwrap";

    /// <summary>The podman program, a name looked up on PATH or an absolute path.</summary>
    public string PodmanProgram { get; init; } = "podman";

    /// <summary>
    /// The default podman image (built locally, see docs/sandbox.md), or the absolute path of a Containerfile that is
    /// built once per content into <c>localhost/leviathan-project:HASH</c>.
    /// </summary>
    public string PodmanImage { get; init; } = DefaultPodmanImage;

    /// <summary>
    /// Directories bubblewrap hides behind an empty, read-only tmpfs: home directories (keys, tokens,
    /// cloud credentials) and runtime sockets (a container engine socket is root on the host).
    /// </summary>
    public IReadOnlyList<string> HiddenDirectories { get; init; } = ["/root", "/home", "/run", "/var/lib/containers"];

    /// <summary>Directories bubblewrap replaces with an empty, writable tmpfs that is discarded with the command.</summary>
    public IReadOnlyList<string> PrivateDirectories { get; init; } = ["/tmp", "/var/tmp"];

    /// <summary>Files bubblewrap replaces with an empty file (password hashes, host keys).</summary>
    public IReadOnlyList<string> HiddenFiles { get; init; } =
        ["/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-", "/etc/ssh/ssh_host_rsa_key", "/etc/ssh/ssh_host_ecdsa_key", "/etc/ssh/ssh_host_ed25519_key"];

    /// <summary>
    /// The Leviathan home (run store, configuration, host-side workspace state): always hidden from sandboxed
    /// commands, and never accepted as, inside or above a workspace.
    /// </summary>
    public string? LeviathanHome { get; init; }

    /// <summary>More paths hidden from sandboxed commands (an empty folder or an empty file in their place).</summary>
    public IReadOnlyList<string> HiddenPaths { get; init; } = [];

    /// <summary>
    /// The host user id sandboxed commands run as when Leviathan runs as root (the workspace is idmapped to it,
    /// so that what they write belongs to the invoking user). A dedicated id that owns nothing on the host.
    /// </summary>
    public uint SandboxUid { get; init; } = DefaultSandboxId;

    /// <summary>The host group id that goes with <see cref="SandboxUid"/>.</summary>
    public uint SandboxGid { get; init; } = DefaultSandboxId;

    /// <summary>Host paths shown inside the sandbox (read-only unless marked writable); see docs/sandbox.md for what is refused.</summary>
    public IReadOnlyList<SandboxMount> Mounts { get; init; } = [];

    /// <summary>
    /// Toolchain presets (<c>dotnet</c>, <c>python</c>, <c>node</c>, <c>rust</c>, <c>java</c>, <c>go</c>): <c>auto</c> picks them from
    /// the workspace's files, <c>none</c> turns them off. Each mounts its host folders read-only and sets its variables and PATH.
    /// </summary>
    public IReadOnlyList<string> Presets { get; init; } = ["auto"];

    /// <summary>The native launcher; the one built next to the Leviathan assemblies when null.</summary>
    public string? LauncherProgram { get; init; }

    /// <summary>The clock for timeouts and durations.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
