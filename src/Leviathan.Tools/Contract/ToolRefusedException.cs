namespace Leviathan.Tools.Contract;

/// <summary>
/// Thrown by a handler to stop with a message for the model (a path outside the workspace, a missing
/// file). <see cref="ToolSet"/> turns it into an error result; it never ends a run.
/// </summary>
public sealed class ToolRefusedException : Exception
{
    public ToolRefusedException(string message)
        : base(message)
    {
    }

    public ToolRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ToolRefusedException()
    {
    }
}
