namespace Leviathan.Tools.Git;

/// <summary>A repository could not be cloned at a commit; the message says why.</summary>
public sealed class GitCloneException : Exception
{
    public GitCloneException()
    {
    }

    public GitCloneException(string message)
        : base(message)
    {
    }

    public GitCloneException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
