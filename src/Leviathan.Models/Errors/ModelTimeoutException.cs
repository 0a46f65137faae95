namespace Leviathan.Models.Errors;

/// <summary>The server took longer than the profile's timeout for an answer (or between two streamed chunks).</summary>
public sealed class ModelTimeoutException(string profile, Uri endpoint, TimeSpan timeout, bool streaming)
    : ModelException(
        profile,
        endpoint,
        streaming
            ? $"model profile '{profile}' ({endpoint}): no streamed chunk within {timeout.TotalSeconds:0.###} s"
            : $"model profile '{profile}' ({endpoint}): no answer within {timeout.TotalSeconds:0.###} s",
        $"raise models.profiles.{profile}.timeout_s if the model is just slow")
{
    public TimeSpan Timeout { get; } = timeout;

    public override bool IsTransient => true;
}
