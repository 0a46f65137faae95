namespace Leviathan.Tools.Sandbox;

/// <summary>Runs commands in isolation. Backends: bubblewrap, podman, and none (trusted use only).</summary>
public interface ISandbox
{
    /// <summary>The backend.</summary>
    SandboxKind Kind { get; }

    /// <summary>Runs a command to completion, its timeout or cancellation; nothing it started survives.</summary>
    /// <returns>The outcome; a non-zero exit, a timeout or a limit hit is a result, not an exception.</returns>
    /// <exception cref="SandboxUnavailableException">The backend cannot run here.</exception>
    Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken);
}
