namespace Leviathan.Tools.Policy;

/// <summary>A policy file that cannot be used: bad YAML, an unknown key, a bad regex, an unknown check.</summary>
public sealed class PolicyException : Exception
{
    public PolicyException(string message)
        : base(message)
    {
    }

    public PolicyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PolicyException()
    {
    }
}
