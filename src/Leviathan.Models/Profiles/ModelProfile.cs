using Leviathan.Models.ToolCalls;

namespace Leviathan.Models.Profiles;

/// <summary>
/// A named model endpoint: where it is, which model, how to authenticate, what it costs and supports.
/// The API key itself is never stored here, only the name of the environment variable that holds it,
/// so a profile can be logged, stored and shown safely.
/// </summary>
/// <param name="Name">The profile name (<c>default</c>, <c>big</c>, …).</param>
/// <param name="BaseUrl">The OpenAI-compatible base URL, usually ending in <c>/v1</c>.</param>
/// <param name="Model">The model id sent with each request.</param>
/// <param name="ApiKeyVariable">The environment variable holding the API key; null when the endpoint needs none.</param>
/// <param name="ContextWindow">The model's context window in tokens.</param>
/// <param name="PriceInputPerMillion">US dollars per million input (prompt) tokens.</param>
/// <param name="PriceOutputPerMillion">US dollars per million output (completion) tokens.</param>
/// <param name="Capabilities">What the endpoint supports.</param>
/// <param name="Timeout">The longest wait for a whole answer, or between two streamed chunks.</param>
public sealed record ModelProfile(
    string Name,
    Uri BaseUrl,
    string Model,
    string? ApiKeyVariable,
    int ContextWindow,
    decimal PriceInputPerMillion,
    decimal PriceOutputPerMillion,
    ModelCapabilities Capabilities,
    TimeSpan Timeout)
{
    /// <summary>The retries of a profile that sets none.</summary>
    public const int DefaultRetries = 3;

    /// <summary>The first backoff delay of a profile that sets none.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a call that failed transiently (the key <c>retries</c>; 0 turns retrying off).</summary>
    public int Retries { get; init; } = DefaultRetries;

    /// <summary>The first backoff delay before a retry (the key <c>retry_delay_s</c>); it doubles each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = DefaultRetryDelay;

    /// <summary>How the model makes tool calls (the key <c>tool_calls</c>): natively, as text, or native with a text fallback (the default).</summary>
    public ToolCallMode ToolCalls { get; init; } = ToolCallMode.Auto;

    /// <summary>
    /// False when <see cref="ContextWindow"/> is the built-in default because the configuration set none; then the window the
    /// server reports (<see cref="Probing.ContextWindowProbe"/>) is used where it can be read.
    /// </summary>
    public bool ContextWindowConfigured { get; init; } = true;

    /// <summary>
    /// The key <c>tokenizer</c>: <c>o200k_base</c>, <c>cl100k_base</c>, or the path of a Hugging Face <c>tokenizer.json</c> or a
    /// SentencePiece <c>tokenizer.model</c>; null picks
    /// by model name (<see cref="Accounting.TokenCounters"/>).
    /// </summary>
    public string? Tokenizer { get; init; }

    /// <summary>The name of the profile used when a role has no route.</summary>
    public const string DefaultName = "default";

    /// <summary>The API key variable of the <c>default</c> profile unless configured otherwise.</summary>
    public const string DefaultApiKeyVariable = "LEVIATHAN_MODEL_API_KEY";

    /// <summary>The cost in US dollars of a call with these token counts.</summary>
    public decimal CostOf(long inputTokens, long outputTokens) =>
        ((inputTokens * PriceInputPerMillion) + (outputTokens * PriceOutputPerMillion)) / 1_000_000m;

    /// <summary>Reads the API key from <paramref name="environment"/>; null when no variable is configured or it is unset.</summary>
    public string? ReadApiKey(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (ApiKeyVariable is null)
        {
            return null;
        }

        var value = environment(ApiKeyVariable);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }
}
