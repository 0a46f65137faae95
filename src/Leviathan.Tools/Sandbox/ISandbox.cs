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

    /// <summary>
    /// Says that a command like <paramref name="template"/> (its arguments aside) may soon run in its workspace: a backend
    /// that can builds its sandbox now, while nothing is due, so that the command starts in it at once. A command that
    /// differs in anything but its arguments and timeout starts as usual. Each command still gets a sandbox of its own,
    /// and one waits at most per workspace; <see cref="ReleaseAsync"/> discards it. The others ignore it.
    /// </summary>
    void Prestart(SandboxRequest template)
    {
    }

    /// <summary>Stops what <see cref="Prestart"/> started for <paramref name="workspace"/>.</summary>
    ValueTask ReleaseAsync(string workspace) => ValueTask.CompletedTask;
}
