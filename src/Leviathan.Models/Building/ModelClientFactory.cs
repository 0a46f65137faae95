using Leviathan.Models.Accounting;
using Leviathan.Models.OpenAi;
using Leviathan.Models.Profiles;
using Leviathan.Models.Recording;
using Leviathan.Models.Resilience;
using Leviathan.Models.ToolCalls;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Leviathan.Models.Building;

/// <summary>
/// Makes the <see cref="IChatClient"/> for a profile, wired as
/// <c>text tool calls → accounting → recording → resilience → errors → local-server fields → Microsoft.Extensions.AI's OpenAI client</c>, or <c>text tool calls → accounting → replay</c>
/// when a cassette replays: cassettes hold the raw server exchange, and text calls are parsed from it on replay as live.
/// Owns the HTTP connection pool and the per-endpoint circuit breakers; keep one per process and dispose it at the end.
/// </summary>
public sealed class ModelClientFactory : IDisposable
{
    private readonly ModelClientFactoryOptions _options;
    private readonly HttpClient _http;
    private readonly EndpointCircuitBreakers _breakers;
    private readonly ILogger _logger;

    public ModelClientFactory(ModelClientFactoryOptions? options = null)
    {
        _options = options ?? new ModelClientFactoryOptions();
        _logger = _options.LoggerFactory.CreateLogger("Leviathan.Models");
        _http = new HttpClient(new SocketsHttpHandler
        {
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // Timeouts are per call, in ResilientChatClient.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _breakers = new EndpointCircuitBreakers(_options.Time, _logger);
    }

    internal HttpClient Http => _http;

    internal ModelClientFactoryOptions Options => _options;

    /// <summary>The client for <paramref name="profile"/>.</summary>
    public IChatClient Create(ModelProfile profile, ModelClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(profile);
        options ??= new ModelClientOptions();
        var apiKey = profile.ReadApiKey(_options.Environment);
        options.Cassette?.AddSecret(apiKey);

        var replay = options.Cassette is { Mode: CassetteMode.Replay };
        var builder = new ChatClientBuilder(replay
            ? new ReplayingChatClient(profile, options.Cassette!, _logger)
            : OpenAiEndpoint.Create(profile, apiKey, _http));
        if ((options.ToolCalls ?? profile.ToolCalls) is not ToolCallMode.Native and var toolCalls)
        {
            builder.Use(inner => new TextToolCallChatClient(inner, profile, toolCalls, _logger));
        }

        if (options.Ledger is { } ledger)
        {
            builder.Use(inner => new AccountingChatClient(inner, profile, ledger, _logger));
        }

        if (options.Cassette is { Mode: CassetteMode.Record } record)
        {
            builder.Use(inner => new RecordingChatClient(inner, profile, record, _logger));
        }

        if (!replay)
        {
            var resilience = options.Resilience ?? ModelResilienceOptions.For(profile);
            builder.Use(inner => new ResilientChatClient(
                inner, profile, resilience, _breakers.For(profile.BaseUrl, resilience), _options.Time, _logger));
            builder.Use(inner => new ServerErrorChatClient(inner, profile, _options.Time, _logger));
            builder.Use(inner => new LocalServerChatClient(inner, AlsoSendMaxTokens(profile)));
        }

        return builder.Build();
    }

    /// <summary>The client for the profile <paramref name="role"/> routes to.</summary>
    public IChatClient CreateForRole(ModelCatalog catalog, string role, ModelClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return Create(catalog.ForRole(role), options);
    }

    public void Dispose() => _http.Dispose();

    // OpenAI's reasoning models reject the older max_tokens that local servers still read.
    private static bool AlsoSendMaxTokens(ModelProfile profile) => !profile.BaseUrl.Host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase);
}
