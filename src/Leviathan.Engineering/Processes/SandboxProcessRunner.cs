using Leviathan.Tools.Sandbox;

namespace Leviathan.Engineering.Processes;

/// <summary>Runs CAD tools in a Leviathan sandbox (bubblewrap by default): read-only system, writable workspace only, no network.</summary>
internal sealed class SandboxProcessRunner(ISandbox sandbox) : IProcessRunner
{
    public string Isolation => SandboxKinds.NameOf(sandbox.Kind);

    public async Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        var result = await sandbox.RunAsync(
            new SandboxRequest(request.Workspace, [request.FileName, .. request.Arguments]) { Timeout = request.Timeout },
            cancellationToken);
        var notices = result.Notices.Where(n => n != SandboxResult.UnsandboxedWarning).ToList();
        var stderr = notices.Count == 0 ? result.Stderr : result.Stderr + "\n" + string.Join("\n", notices.Select(n => "ERROR: sandbox " + n));
        return new ProcessOutcome(result.ExitCode, result.Stdout, stderr, result.TimedOut);
    }
}
