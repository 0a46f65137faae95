namespace Leviathan.Tools.Sandbox;

/// <summary>Creates the sandbox a run asked for; a backend that cannot run here fails at once with its install command.</summary>
public static class SandboxFactory
{
    /// <summary>Creates the backend named by <see cref="SandboxOptions.Kind"/>.</summary>
    /// <exception cref="SandboxUnavailableException">The backend's program is missing; the hint says how to install it.</exception>
    public static ISandbox Create(SandboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Kind switch
        {
            SandboxKind.Bubblewrap => new BubblewrapSandbox(options),
            SandboxKind.Podman => new PodmanSandbox(options),
            SandboxKind.None => new UnsandboxedRunner(options),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Kind, "unknown sandbox kind"),
        };
    }
}
