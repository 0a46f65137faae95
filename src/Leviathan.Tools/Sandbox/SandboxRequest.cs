namespace Leviathan.Tools.Sandbox;

/// <summary>One command to run in a sandbox.</summary>
/// <param name="Workspace">The absolute workspace directory: the only place the command may write.</param>
/// <param name="Arguments">The argument vector; the first element is the program (looked up on PATH inside).</param>
public sealed record SandboxRequest(string Workspace, IReadOnlyList<string> Arguments)
{
    /// <summary>The directory the command starts in; the workspace when null. Must be inside the workspace.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Whether the command may reach the network. Off by default.</summary>
    public bool Network { get; init; }

    /// <summary>Wall-clock limit; the whole process tree is killed after it and the exit status is 124.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Resource limits.</summary>
    public SandboxLimits Limits { get; init; } = SandboxLimits.Default;

    /// <summary>Variables set on top of the allow-listed ones taken from the host.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Whether the command may write the workspace's own <c>.git</c>. Off by default: a command could otherwise
    /// set <c>core.fsmonitor</c> or a hook that the user's next <c>git</c> on the host runs. Commits are made on
    /// the host. Ignored by the <c>none</c> backend.
    /// </summary>
    public bool GitWritable { get; init; }

    /// <summary>The podman image; the backend's default when null. Ignored by other backends.</summary>
    public string? Image { get; init; }
}
