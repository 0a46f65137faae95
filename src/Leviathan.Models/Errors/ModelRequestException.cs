using System.Net;
using Leviathan.Models.ToolCalls;

namespace Leviathan.Models.Errors;

/// <summary>The server answered with an error status. The message quotes the server.</summary>
public sealed class ModelRequestException : ModelException
{
    public ModelRequestException(string profile, Uri endpoint, int statusCode, string serverMessage, TimeSpan? retryAfter, string? apiKeyVariable)
        : base(profile, endpoint, Format(profile, endpoint, statusCode, serverMessage), HintFor(profile, statusCode, apiKeyVariable, serverMessage))
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    /// <summary>The server's own words: <c>error.message</c> from the body, or the body itself.</summary>
    public string ServerMessage { get; }

    /// <summary>From <c>Retry-After</c> (or <c>retry-after-ms</c>) when the server sent it.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>True when the server refused the request's native tools (llama.cpp without <c>--jinja</c>, Ollama models without tool support).</summary>
    public bool RefusesTools => NativeToolsRefusal.Matches(StatusCode, ServerMessage);

    // A refusal of native tools is a 500 on llama.cpp, but the same request fails the same way every time.
    public override bool IsTransient => !RefusesTools && StatusCode is 408 or 409 or 425 or 429 or >= 500;

    private static string Format(string profile, Uri endpoint, int status, string serverMessage)
    {
        var reason = Enum.IsDefined(typeof(HttpStatusCode), status) ? $" {(HttpStatusCode)status}" : string.Empty;
        return $"model profile '{profile}' ({endpoint}): the server answered {status}{reason}: \"{serverMessage}\"";
    }

    private static string? HintFor(string profile, int status, string? apiKeyVariable, string serverMessage) => status switch
    {
        _ when NativeToolsRefusal.Matches(status, serverMessage) =>
            $"the server does not take native tool calls: set models.profiles.{profile}.tool_calls: text (or auto), or start llama-server with --jinja",
        401 or 403 => apiKeyVariable is null
            ? $"the endpoint wants an API key: set models.profiles.{profile}.api_key_env to the name of the environment variable that holds it"
            : $"check the API key in the environment variable {apiKeyVariable}",
        404 => $"check models.profiles.{profile}.base_url (it usually ends in /v1) and models.profiles.{profile}.model (run 'leviathan models ping {profile}')",
        400 or 422 => "the server rejected the request as malformed or unsupported; its message says which part",
        429 => "the endpoint is rate-limiting; lower the parallelism or wait",
        >= 500 => "the model server failed; check its logs",
        _ => null,
    };
}
