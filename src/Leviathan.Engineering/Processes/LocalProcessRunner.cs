using System.ComponentModel;
using System.Diagnostics;

namespace Leviathan.Engineering.Processes;

/// <summary>Runs the command directly as a child process (no sandbox), killing its tree on timeout.</summary>
internal sealed class LocalProcessRunner : IProcessRunner
{
    public string Isolation => "none (direct child process)";

    public async Task<ProcessOutcome> RunAsync(ProcessRequest request, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(request.FileName)
        {
            WorkingDirectory = request.Workspace,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                $"cannot start '{request.FileName}': {ex.Message}; install it (apt-get install -y {request.FileName}) or run scripts/setup.sh", ex);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        return new ProcessOutcome(process.ExitCode, await stdout, await stderr, timedOut);
    }
}
