using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Leviathan.Models.Building;
using Leviathan.Models.Profiles;

namespace Leviathan.Models.Probing;

/// <summary>
/// Reads the context window from servers that report it: llama.cpp <c>GET /props</c> (<c>default_generation_settings.n_ctx</c>,
/// or a top-level <c>n_ctx</c>), vLLM <c>GET /v1/models</c> (<c>data[].max_model_len</c>), Ollama <c>POST /api/show</c>
/// (<c>num_ctx</c> in <c>parameters</c>, else <c>model_info["&lt;arch&gt;.context_length"]</c>). The three are asked at once, each
/// with a short timeout; a server that answers none of them reports nothing, which is not an error.
/// </summary>
public static class ContextWindowProbe
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The window the server reports; null when it reports none.</summary>
    public static async Task<DetectedContextWindow?> DetectAsync(ModelClientFactory factory, ModelProfile profile, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(profile);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        var root = ServerRoot(profile.BaseUrl);
        var key = profile.ReadApiKey(factory.Options.Environment);
        var vllm = AskAsync(factory.Http, HttpMethod.Get, new Uri(profile.BaseUrl, "models"), null, key, r => FromModelList(r, profile.Model), cts.Token);
        var llama = AskAsync(factory.Http, HttpMethod.Get, new Uri(root, "props"), null, key, FromProps, cts.Token);
        var body = JsonSerializer.Serialize(new Dictionary<string, string> { ["model"] = profile.Model, ["name"] = profile.Model });
        var ollama = AskAsync(factory.Http, HttpMethod.Post, new Uri(root, "api/show"), body, key, FromShow, cts.Token);
        var found = await Task.WhenAll(vllm, llama, ollama).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        return found.FirstOrDefault(f => f is not null);
    }

    /// <summary>
    /// The window a run should use: the profile's <c>context_window</c> when set, else the server's report, else
    /// <see cref="ModelCatalogParser.DefaultContextWindow"/>, said to be assumed.
    /// </summary>
    public static async Task<ContextWindowResolution> ResolveAsync(ModelClientFactory factory, ModelProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (profile.ContextWindowConfigured)
        {
            return new ContextWindowResolution(profile, $"models.profiles.{profile.Name}.context_window", Assumed: false);
        }

        if (await DetectAsync(factory, profile, cancellationToken: cancellationToken).ConfigureAwait(false) is { } detected)
        {
            return new ContextWindowResolution(profile with { ContextWindow = detected.Tokens }, $"detected: {detected.Source}", Assumed: false);
        }

        return new ContextWindowResolution(
            profile,
            $"assumed: the server does not report its window; set models.profiles.{profile.Name}.context_window",
            Assumed: true);
    }

    /// <summary>
    /// <see cref="ResolveAsync"/> for each of <paramref name="profiles"/> (a profile listed twice is asked once), all at the same time;
    /// keyed by profile name.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, ContextWindowResolution>> ResolveAllAsync(
        ModelClientFactory factory, IEnumerable<ModelProfile> profiles, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        var distinct = profiles.DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
        var resolved = await Task.WhenAll(distinct.Select(p => ResolveAsync(factory, p, cancellationToken))).ConfigureAwait(false);
        return resolved.ToDictionary(r => r.Profile.Name, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The server's root: the base URL without a trailing <c>/v1/</c>, where llama.cpp and Ollama serve their own routes.</summary>
    internal static Uri ServerRoot(Uri baseUrl)
    {
        var text = baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (text.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            text = text[..^3];
        }

        return new Uri(text.TrimEnd('/') + "/");
    }

    private static async Task<DetectedContextWindow?> AskAsync(
        HttpClient http, HttpMethod method, Uri uri, string? body, string? key, Func<JsonElement, DetectedContextWindow?> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            return read(document.RootElement);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or InvalidOperationException)
        {
            // A server without this route, or not answering in time, simply does not report its window here.
            return null;
        }
    }

    private static DetectedContextWindow? FromProps(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (root.TryGetProperty("default_generation_settings", out var settings) && Positive(settings, "n_ctx") is { } slot)
        {
            return new DetectedContextWindow(slot, "llama.cpp GET /props default_generation_settings.n_ctx");
        }

        return Positive(root, "n_ctx") is { } top ? new DetectedContextWindow(top, "llama.cpp GET /props n_ctx") : null;
    }

    private static DetectedContextWindow? FromModelList(JsonElement root, string model)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var entries = data.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        var entry = entries.FirstOrDefault(e => e.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == model);
        if (entry.ValueKind != JsonValueKind.Object && entries.Count == 1)
        {
            entry = entries[0];
        }

        return entry.ValueKind == JsonValueKind.Object && Positive(entry, "max_model_len") is { } length
            ? new DetectedContextWindow(length, "vLLM GET /v1/models max_model_len")
            : null;
    }

    private static DetectedContextWindow? FromShow(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // num_ctx is what Ollama actually serves with; the model's context_length is only its upper bound.
        if (root.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.String)
        {
            foreach (var line in (parameters.GetString() ?? string.Empty).Split('\n'))
            {
                var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == "num_ctx" && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var numCtx) && numCtx > 0)
                {
                    return new DetectedContextWindow(numCtx, "Ollama POST /api/show parameters num_ctx");
                }
            }
        }

        if (root.TryGetProperty("model_info", out var info) && info.ValueKind == JsonValueKind.Object)
        {
            var architecture = info.TryGetProperty("general.architecture", out var arch) && arch.ValueKind == JsonValueKind.String ? arch.GetString() : null;
            if (architecture is not null && Positive(info, architecture + ".context_length") is { } length)
            {
                return new DetectedContextWindow(length, $"Ollama POST /api/show model_info {architecture}.context_length");
            }

            foreach (var property in info.EnumerateObject())
            {
                if (property.Name.EndsWith(".context_length", StringComparison.Ordinal) && property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetInt32(out var any) && any > 0)
                {
                    return new DetectedContextWindow(any, $"Ollama POST /api/show model_info {property.Name}");
                }
            }
        }

        return null;
    }

    private static int? Positive(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0
            ? number
            : null;
}
