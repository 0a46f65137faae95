namespace Leviathan.Models.Profiles;

/// <summary>What an endpoint supports. Configured per profile as a comma-separated list of the names in <see cref="ModelCapabilityNames"/>.</summary>
[Flags]
public enum ModelCapabilities
{
    None = 0,

    /// <summary>Native function calling (<c>tools</c> / <c>tool_calls</c>).</summary>
    ToolCalls = 1,

    /// <summary>Structured output constrained by a JSON Schema (<c>response_format: json_schema</c>).</summary>
    JsonSchema = 2,

    /// <summary>Token log-probabilities.</summary>
    Logprobs = 4,

    /// <summary>Server-sent-event streaming.</summary>
    Streaming = 8,

    /// <summary>Images in the conversation (image content); the physics tools' renders are attached for such a model.</summary>
    Vision = 16,
}
