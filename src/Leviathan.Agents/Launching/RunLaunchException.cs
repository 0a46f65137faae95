namespace Leviathan.Agents.Launching;

/// <summary>A run could not be launched: what is wrong (<see cref="Exception.Message"/>) and how to fix it (<see cref="Hint"/>). No run was created.</summary>
public sealed class RunLaunchException : Exception
{
    public RunLaunchException()
    {
    }

    public RunLaunchException(string message)
        : base(message)
    {
    }

    public RunLaunchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A launch error with its fix.</summary>
    public RunLaunchException(string message, string? hint, RunLaunchErrorKind kind, Exception? innerException = null)
        : base(message, innerException)
    {
        Hint = hint;
        Kind = kind;
    }

    /// <summary>How to fix it; null when there is nothing to add.</summary>
    public string? Hint { get; }

    /// <summary>Whether the request was wrong or something the run needs is missing.</summary>
    public RunLaunchErrorKind Kind { get; }
}
