namespace Leviathan.Tools.Sandbox;

/// <summary>Checks of a request shared by the backends, and the conversion of an outcome to a result.</summary>
internal static class SandboxPaths
{
    /// <summary>The canonical workspace directory (see <see cref="WorkspaceGuard"/> for the folders refused).</summary>
    /// <exception cref="ArgumentException">The workspace is not an existing absolute directory or is refused, or the command is empty.</exception>
    public static string Workspace(SandboxRequest request, SandboxOptions options)
    {
        if (request.Arguments.Count == 0 || string.IsNullOrEmpty(request.Arguments[0]))
        {
            throw new ArgumentException("The command is empty: give the program to run and its arguments.", nameof(request));
        }

        if (!Path.IsPathRooted(request.Workspace) || !Directory.Exists(request.Workspace))
        {
            throw new ArgumentException($"The workspace '{request.Workspace}' is not an existing absolute directory.", nameof(request));
        }

        try
        {
            return WorkspaceGuard.Check(request.Workspace, options.LeviathanHome, SandboxEnvironment.Host(options).GetValueOrDefault("HOME"));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(ex.Message, nameof(request), ex);
        }
    }

    /// <summary>The absolute starting directory, inside the workspace.</summary>
    public static string WorkingDirectory(SandboxRequest request, string workspace)
    {
        if (request.WorkingDirectory is null)
        {
            return workspace;
        }

        var full = Path.GetFullPath(request.WorkingDirectory, workspace);
        if (full != workspace && !full.StartsWith(workspace + "/", StringComparison.Ordinal))
        {
            throw new ArgumentException($"The working directory '{request.WorkingDirectory}' is outside the workspace '{workspace}'.", nameof(request));
        }

        return full;
    }

    public static SandboxResult ToResult(SandboxKind kind, SandboxRequest request, ConfinedProcess.Outcome outcome) => new()
    {
        Kind = kind,
        ExitCode = outcome.ExitCode,
        Stdout = outcome.Stdout.ToText(),
        Stderr = outcome.Stderr.ToText(),
        StdoutBytes = outcome.Stdout.TotalBytes,
        StderrBytes = outcome.Stderr.TotalBytes,
        Duration = outcome.Duration,
        LimitsHit = outcome.LimitsHit,
        Limits = request.Limits,
        Timeout = request.Timeout,
        WorkspaceBytesAdded = outcome.Quota?.AddedBytes ?? 0,
        RemovedEntries = outcome.Quota?.RemovedEntries ?? 0,
    };
}
