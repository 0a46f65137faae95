namespace Leviathan.Models.Errors;

/// <summary>
/// Transient failures persisted: every retry failed, or the endpoint's circuit breaker is open after repeated failures.
/// <see cref="Exception.InnerException"/> holds the last failure.
/// </summary>
public sealed class ModelUnavailableException(string profile, Uri endpoint, string message, Exception? innerException)
    : ModelException(profile, endpoint, message, (innerException as ModelException)?.Hint, innerException)
{
    public override bool IsTransient => false;
}
