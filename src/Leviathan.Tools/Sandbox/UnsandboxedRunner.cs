namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The <c>none</c> backend, for trusted use: the command runs directly on this machine in the
/// workspace, with the scrubbed environment, the rlimits, cgroup limits, the disk quota and the timeout, but no
/// file system, network or user isolation. It is the first process of its own PID namespace, held by the
/// launcher, which dies with the CLI: whatever the command started dies with it, even when the CLI is
/// killed. Every result carries <see cref="SandboxResult.UnsandboxedWarning"/>.
/// </summary>
internal sealed class UnsandboxedRunner(SandboxOptions options) : ISandbox
{
    private readonly string _launcher = SandboxLauncher.Find(options);

    public SandboxKind Kind => SandboxKind.None;

    public async Task<SandboxResult> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workspace = SandboxPaths.Workspace(request, options);
        var workingDirectory = SandboxPaths.WorkingDirectory(request, workspace);
        var host = SandboxEnvironment.Host(options);
        var launch = new ConfinedLaunch(
            [_launcher, "--pdeathsig", "--kill-tree", "--", .. request.Arguments],
            SandboxEnvironment.Build(options, request, home: host.GetValueOrDefault("HOME") ?? workspace),
            workingDirectory,
            request.Limits,
            request.Timeout)
        {
            UseCgroups = options.Cgroups,
            CgroupParent = options.CgroupParent,
            QuotaWorkspace = workspace,
            StartsWithLauncher = true,
        };
        var outcome = await ConfinedProcess.RunAsync(launch, options.Time, cancellationToken).ConfigureAwait(false);
        return SandboxPaths.ToResult(Kind, request, outcome);
    }
}
