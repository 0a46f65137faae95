namespace Leviathan.Tools.Sandbox;

/// <summary>Which isolation a command runs under.</summary>
public enum SandboxKind
{
    /// <summary>bubblewrap namespaces on the host's read-only file system (the default).</summary>
    Bubblewrap,

    /// <summary>A podman container (runc) started from a locally built image.</summary>
    Podman,

    /// <summary>No isolation: the command runs directly on this machine. Every result says so.</summary>
    None,
}
