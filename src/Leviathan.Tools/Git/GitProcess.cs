using System.Diagnostics;

namespace Leviathan.Tools.Git;

/// <summary>Runs one prepared git process: no input, both outputs read to the end, killed with its children when cancelled.</summary>
public static class GitProcess
{
    /// <summary>Starts <paramref name="info"/> (its outputs and input redirected) and waits for it.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">git could not be started.</exception>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
