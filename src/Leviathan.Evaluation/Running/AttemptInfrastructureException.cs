namespace Leviathan.Evaluation.Running;

/// <summary>A run could not be carried out for a reason that is not the agents': reported apart, never counted as the agents' failure.</summary>
public sealed class AttemptInfrastructureException : Exception
{
    /// <summary>Creates the error with what went wrong.</summary>
    public AttemptInfrastructureException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Creates the error with what went wrong.</summary>
    public AttemptInfrastructureException()
    {
    }

    /// <summary>Creates the error with what went wrong.</summary>
    public AttemptInfrastructureException(string message)
        : base(message)
    {
    }

    /// <summary>The run, when it had been created before the fault; null otherwise.</summary>
    public Guid? RunId { get; init; }
}
