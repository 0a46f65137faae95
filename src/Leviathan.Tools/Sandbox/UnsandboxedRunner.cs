namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The <c>none</c> backend, for trusted use: the command runs directly on this machine in the
/// workspace, with the scrubbed environment, the rlimits, cgroup limits and the timeout, but no file
/// system, network or PID isolation. Every result carries <see cref="SandboxResult.UnsandboxedWarning"/>.
/// </summary>
internal sealed class UnsandboxedRunner(SandboxOptions options) : ISandbox
{
    public SandboxKind Kind => SandboxKind.None;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workspace = SandboxPaths.Workspace(request);
        var workingDirectory = SandboxPaths.WorkingDirectory(request, workspace);
        var host = SandboxEnvironment.Host(options);
        var launch = new ConfinedLaunch(
            request.Arguments,
            SandboxEnvironment.Build(options, request, home: host.GetValueOrDefault("HOME") ?? workspace),
            workingDirectory,
            request.Limits,
            request.Timeout)
        {
            UseCgroups = options.Cgroups,
            CgroupParent = options.CgroupParent,
        };
        var outcome = await ConfinedProcess.RunAsync(launch, options.Time, cancellationToken).ConfigureAwait(false);
        return SandboxPaths.ToResult(Kind, request, outcome);
    }
}
