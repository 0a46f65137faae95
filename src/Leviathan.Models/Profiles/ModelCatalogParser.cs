using System.Globalization;
using Leviathan.Models.ToolCalls;

namespace Leviathan.Models.Profiles;

/// <summary>
/// Reads profiles and role routes from flat configuration keys:
/// <c>models:profiles:&lt;name&gt;:base_url|model|api_key_env|context_window|price_input_per_mtok|price_output_per_mtok|capabilities|timeout_s|retries|retry_delay_s|tool_calls</c>
/// and <c>models:roles:&lt;role&gt;</c> = profile name. Keys are case-insensitive; <c>capabilities</c> is a
/// comma-separated list or a YAML list (<c>capabilities:0</c>, <c>capabilities:1</c>, …). Profiles may also be a
/// YAML list whose items carry a <c>name</c> (<c>models:profiles:0:name</c>).
/// </summary>
public static class ModelCatalogParser
{
    public const int DefaultContextWindow = 8192;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(120);

    public const ModelCapabilities DefaultCapabilities = ModelCapabilities.ToolCalls | ModelCapabilities.Streaming;

    private const string ProfilesPrefix = "models:profiles:";
    private const string RolesPrefix = "models:roles:";

    private static readonly HashSet<string> KnownFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "base_url", "model", "api_key_env", "context_window", "price_input_per_mtok", "price_output_per_mtok", "capabilities", "timeout_s", "retries", "retry_delay_s", "tool_calls", "tokenizer", "budget",
    };

    /// <summary>Parses every key under <c>models:</c>; others are ignored.</summary>
    /// <param name="settings">Flat keys with <c>:</c> between levels, and their values.</param>
    /// <param name="sourceOf">Where a key's value came from, for error messages (a file, an environment variable); optional.</param>
    /// <exception cref="ModelConfigurationException">A value is missing or invalid; the message names the key and source.</exception>
    public static ModelCatalog Parse(IEnumerable<KeyValuePair<string, string?>> settings, Func<string, string?>? sourceOf = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in settings)
        {
            if (key.StartsWith("models:", StringComparison.OrdinalIgnoreCase))
            {
                values[key] = value;
            }
        }

        var reader = new Reader(values, sourceOf ?? (_ => null));
        var names = values.Keys
            .Where(k => k.StartsWith(ProfilesPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(k => k[ProfilesPrefix.Length..].Split(':')[0])
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();

        var profiles = new List<ModelProfile>();
        foreach (var name in names)
        {
            // Keys that are set but empty (an unset environment alias) do not make a profile.
            var keys = values.Where(p => p.Key.StartsWith($"{ProfilesPrefix}{name}:", StringComparison.OrdinalIgnoreCase)).ToList();
            if (keys.All(p => string.IsNullOrWhiteSpace(p.Value)))
            {
                continue;
            }

            foreach (var (key, _) in keys)
            {
                var field = key[$"{ProfilesPrefix}{name}:".Length..].Split(':')[0];
                if (!KnownFields.Contains(field))
                {
                    throw new ModelConfigurationException(
                        Dotted(key), values[key], $"unknown profile setting '{field}'; known settings: {string.Join(", ", KnownFields.Order(StringComparer.Ordinal))}", sourceOf?.Invoke(key));
                }
            }

            var profile = reader.Profile(name);
            if (profiles.Any(p => string.Equals(p.Name, profile.Name, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ModelConfigurationException(
                    $"models.profiles.{name}.name", profile.Name, "another profile already has this name", sourceOf?.Invoke($"{ProfilesPrefix}{name}:name"));
            }

            profiles.Add(profile);
        }

        var roles = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values.Where(p => p.Key.StartsWith(RolesPrefix, StringComparison.OrdinalIgnoreCase)))
        {
            var role = key[RolesPrefix.Length..];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (!profiles.Any(p => string.Equals(p.Name, value, StringComparison.OrdinalIgnoreCase)))
            {
                var known = profiles.Count == 0 ? "none" : string.Join(", ", profiles.Select(p => p.Name));
                throw new ModelConfigurationException(Dotted(key), value, $"there is no profile '{value}'; configured profiles: {known}", sourceOf?.Invoke(key));
            }

            roles[role] = value.Trim();
        }

        return new ModelCatalog(profiles, roles);
    }

    private static string Dotted(string key) => key.Replace(':', '.');

    private sealed class Reader(Dictionary<string, string?> values, Func<string, string?> sourceOf)
    {
        public ModelProfile Profile(string name)
        {
            var prefix = $"{ProfilesPrefix}{name}:";
            var profileName = Optional(prefix + "name") ?? name;
            var baseUrl = Required(prefix + "base_url", "the OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1");
            if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw Rejected(prefix + "base_url", "it must be an absolute http or https URL, e.g. http://127.0.0.1:8080/v1");
            }

            var model = Required(prefix + "model", "the model id the server serves, e.g. qwen2.5-coder-7b-instruct");
            var isDefault = string.Equals(profileName, ModelProfile.DefaultName, StringComparison.OrdinalIgnoreCase);
            var keyVariable = Optional(prefix + "api_key_env") ?? (isDefault ? ModelProfile.DefaultApiKeyVariable : null);
            var contextWindow = Integer(prefix + "context_window", 256, 100_000_000, DefaultContextWindow);
            var priceIn = Price(prefix + "price_input_per_mtok");
            var priceOut = Price(prefix + "price_output_per_mtok");
            var timeout = Seconds(prefix + "timeout_s", 0.05, 86_400, DefaultTimeout);
            var retries = Integer(prefix + "retries", 0, 20, ModelProfile.DefaultRetries);
            var retryDelay = Seconds(prefix + "retry_delay_s", 0.001, 600, ModelProfile.DefaultRetryDelay);
            var capabilities = Capabilities(prefix + "capabilities");
            var toolCalls = ToolCalls(prefix + "tool_calls", capabilities);
            var tokenizer = Tokenizer(prefix + "tokenizer");

            // A trailing slash makes relative paths (chat/completions) resolve under the base path.
            var normalized = new Uri(uri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/");
            return new ModelProfile(profileName, normalized, model, keyVariable, contextWindow, priceIn, priceOut, capabilities, timeout)
            {
                ToolCalls = toolCalls,
                Tokenizer = tokenizer,
                Retries = retries,
                RetryDelay = retryDelay,
                ContextWindowConfigured = Optional(prefix + "context_window") is not null,
            };
        }

        private string? Optional(string key) =>
            values.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

        private string Required(string key, string what) =>
            Optional(key) ?? throw new ModelConfigurationException(Dotted(key), null, $"a value is required: {what}", sourceOf(key));

        private ModelConfigurationException Rejected(string key, string accepted) =>
            new(Dotted(key), values.GetValueOrDefault(key), accepted, sourceOf(key));

        private int Integer(string key, int min, int max, int fallback)
        {
            var text = Optional(key);
            if (text is null)
            {
                return fallback;
            }

            return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? value
                : throw Rejected(key, $"it must be a whole number from {min} to {max}");
        }

        private decimal Price(string key)
        {
            var text = Optional(key);
            if (text is null)
            {
                return 0m;
            }

            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw Rejected(key, "it must be a number of US dollars per million tokens, 0 or more (e.g. 0.15)");
        }

        private TimeSpan Seconds(string key, double min, double max, TimeSpan fallback)
        {
            var text = Optional(key);
            if (text is null)
            {
                return fallback;
            }

            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
                ? TimeSpan.FromSeconds(value)
                : throw Rejected(key, string.Create(CultureInfo.InvariantCulture, $"it must be a number of seconds from {min} to {max}"));
        }

        /// <summary><c>tool_calls</c>: auto unless set; a profile whose capabilities leave out <c>tools</c> defaults to text.</summary>
        private ToolCallMode ToolCalls(string key, ModelCapabilities capabilities)
        {
            var text = Optional(key);
            if (text is null)
            {
                return capabilities.HasFlag(ModelCapabilities.ToolCalls) ? ToolCallMode.Auto : ToolCallMode.Text;
            }

            return ToolCallModeNames.TryParse(text, out var mode)
                ? mode
                : throw Rejected(key, $"accepted: {string.Join(", ", ToolCallModeNames.All)} (auto, the default: native tool calls, and calls written as text are parsed too; native: never parse text; text: describe the tools in the prompt and parse the reply, for servers without native tool calls)");
        }

        /// <summary><c>tokenizer</c>: an encoding name, or the path of a tokenizer file that must exist.</summary>
        private string? Tokenizer(string key)
        {
            var text = Optional(key);
            if (text is null || Accounting.TokenCounters.Encodings.Contains(text, StringComparer.OrdinalIgnoreCase))
            {
                return text?.ToLowerInvariant();
            }

            var path = text.StartsWith("~/", StringComparison.Ordinal)
                ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), text[2..])
                : text;
            return File.Exists(path)
                ? Path.GetFullPath(path)
                : throw Rejected(key, $"accepted: {string.Join(", ", Accounting.TokenCounters.Encodings)}, or the path of an existing Hugging Face tokenizer.json or SentencePiece tokenizer.model; no file is at {path}");
        }

        private ModelCapabilities Capabilities(string key)
        {
            var listed = new List<(string Key, string Value)>();
            if (Optional(key) is { } text)
            {
                listed.AddRange(text.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (key, v)));
            }

            foreach (var (itemKey, itemValue) in values.Where(p => p.Key.StartsWith(key + ":", StringComparison.OrdinalIgnoreCase)))
            {
                if (!string.IsNullOrWhiteSpace(itemValue))
                {
                    listed.Add((itemKey, itemValue.Trim()));
                }
            }

            if (listed.Count == 0 && !values.Keys.Any(k => k.StartsWith(key, StringComparison.OrdinalIgnoreCase)))
            {
                return DefaultCapabilities;
            }

            var capabilities = ModelCapabilities.None;
            foreach (var (itemKey, name) in listed)
            {
                if (string.Equals(name, "none", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!ModelCapabilityNames.TryParse(name, out var flag))
                {
                    throw new ModelConfigurationException(
                        Dotted(itemKey), name, $"unknown capability; accepted: {string.Join(", ", ModelCapabilityNames.All)} (comma-separated), or none", sourceOf(itemKey));
                }

                capabilities |= flag;
            }

            return capabilities;
        }
    }
}
