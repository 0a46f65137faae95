namespace Leviathan.Evaluation.Running;

/// <summary>An evaluation cannot start as asked: the message says what is wrong, the hint how to fix it.</summary>
public sealed class EvaluationSetupException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong, naming the configuration when one is at fault.</param>
    /// <param name="hint">How to fix it.</param>
    /// <param name="configuration">The index of the configuration at fault (in the order given); null when none is.</param>
    /// <param name="inner">The error underneath, if any.</param>
    public EvaluationSetupException(string message, string hint, int? configuration, Exception? inner = null)
        : base(message, inner)
    {
        Hint = hint;
        Configuration = configuration;
    }

    /// <summary>How to fix it.</summary>
    public string Hint { get; }

    /// <summary>The index of the configuration at fault; null when the fault is the host's (no model configured).</summary>
    public int? Configuration { get; }
}
