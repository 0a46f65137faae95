namespace Leviathan.Tools.Git;

/// <summary>A host-side git command that could not run or failed.</summary>
internal sealed class GitException : Exception
{
    public GitException(string message)
        : base(message)
    {
    }

    public GitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public GitException()
    {
    }

    public GitException(string message, int exitCode, string standardError)
        : base(message)
    {
        ExitCode = exitCode;
        StandardError = standardError;
    }

    /// <summary>git's exit code; null when it could not be started.</summary>
    public int? ExitCode { get; }

    /// <summary>What git printed on standard error.</summary>
    public string StandardError { get; } = string.Empty;
}
