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
}
