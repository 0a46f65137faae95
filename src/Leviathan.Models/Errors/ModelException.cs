namespace Leviathan.Models.Errors;

/// <summary>
/// A model call failed for a reason outside the caller's control. The message names the profile and endpoint;
/// <see cref="Hint"/> says what to do. <see cref="IsTransient"/> failures are retried by the resilience decorator.
/// </summary>
public abstract class ModelException : Exception
{
    protected ModelException(string profile, Uri endpoint, string message, string? hint, Exception? innerException = null)
        : base(message, innerException)
    {
        Profile = profile;
        Endpoint = endpoint;
        Hint = hint;
    }

    /// <summary>The name of the profile the call used.</summary>
    public string Profile { get; }

    public Uri Endpoint { get; }

    /// <summary>What the user can do about it; null when nothing useful can be said.</summary>
    public string? Hint { get; }

    /// <summary>True when trying again later may succeed (429, 5xx, connection failures, timeouts, cut streams).</summary>
    public abstract bool IsTransient { get; }
}
