namespace Leviathan.Tools.Sandbox;

/// <summary>
/// The chosen sandbox cannot run on this machine (a missing program, no usable cgroups, a missing image).
/// The message says what is wrong; <see cref="Hint"/> says how to fix it. There is never a silent fallback.
/// </summary>
public sealed class SandboxUnavailableException : Exception
{
    public SandboxUnavailableException(string message, string hint)
        : base(message)
    {
        Hint = hint;
    }

    public SandboxUnavailableException(string message, string hint, Exception innerException)
        : base(message, innerException)
    {
        Hint = hint;
    }

    public SandboxUnavailableException()
    {
        Hint = string.Empty;
    }

    public SandboxUnavailableException(string message)
        : base(message)
    {
        Hint = string.Empty;
    }

    public SandboxUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        Hint = string.Empty;
    }

    /// <summary>The command or setting that fixes the problem.</summary>
    public string Hint { get; }
}
