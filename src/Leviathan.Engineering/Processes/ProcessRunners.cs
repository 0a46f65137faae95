using Leviathan.Tools.Sandbox;

namespace Leviathan.Engineering.Processes;

/// <summary>Creates the runner CAD tools use: a sandbox by default, a direct child process only when asked.</summary>
public static class ProcessRunners
{
    /// <summary>A runner for the sandbox backend; <see cref="SandboxKind.None"/> runs commands directly.</summary>
    /// <exception cref="SandboxUnavailableException">The backend cannot run here; the message says how to install it.</exception>
    public static IProcessRunner Create(SandboxOptions options) =>
        options.Kind == SandboxKind.None ? new LocalProcessRunner() : new SandboxProcessRunner(SandboxFactory.Create(options));

    /// <summary>Runs commands directly, without isolation.</summary>
    public static IProcessRunner Direct() => new LocalProcessRunner();
}
