namespace Leviathan.Models.Errors;

/// <summary>The endpoint could not be reached, or the connection broke before an answer came.</summary>
public sealed class ModelConnectionException(string profile, Uri endpoint, string detail, Exception? innerException = null)
    : ModelException(
        profile,
        endpoint,
        $"model profile '{profile}': the connection to {endpoint} failed: {detail}",
        $"is the model server running and listening there? check models.profiles.{profile}.base_url",
        innerException)
{
    public override bool IsTransient => true;
}
