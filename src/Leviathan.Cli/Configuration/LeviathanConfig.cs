using System.Globalization;

namespace Leviathan.Cli.Configuration;

/// <summary>
/// Layered configuration: built-in defaults &lt; <c>&lt;home&gt;/config.yaml</c> &lt; <c>LEVIATHAN_*</c>
/// environment variables &lt; command-line options. Keys are case-insensitive and use <c>:</c> between
/// levels (<c>store:provider</c>); environment variables use <c>__</c> (<c>LEVIATHAN_STORE__PROVIDER</c>).
/// Every value remembers where it came from, so a rejected value names its source.
/// </summary>
internal sealed class LeviathanConfig
{
    /// <summary>Environment variables that set a key without the <c>__</c> form.</summary>
    private static readonly Dictionary<string, string> EnvironmentAliases = new(StringComparer.Ordinal)
    {
        ["LEVIATHAN_MODEL_BASE_URL"] = "models:profiles:default:base_url",
        ["LEVIATHAN_MODEL_NAME"] = "models:profiles:default:model",
        ["LEVIATHAN_MODEL_API_KEY_ENV"] = "models:profiles:default:api_key_env",
        ["LEVIATHAN_MODEL_TOOL_CALLS"] = "models:profiles:default:tool_calls",
        ["LEVIATHAN_MODEL_CONTEXT_WINDOW"] = "models:profiles:default:context_window",
    };

    /// <summary>Environment variables that are read directly and are not configuration keys.</summary>
    private static readonly HashSet<string> NotKeys = new(StringComparer.Ordinal)
    {
        "LEVIATHAN_HOME", "LEVIATHAN_MODEL_API_KEY",
    };

    private readonly Dictionary<string, (string? Value, string Source)> _values = new(StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyDictionary<string, string> Defaults { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["store:provider"] = "sqlite",
        ["store:synchronous"] = "normal",
        ["store:batch_size"] = "512",
    };

    public static LeviathanConfig Load(
        string home,
        IReadOnlyDictionary<string, string?> environment,
        IEnumerable<KeyValuePair<string, string?>> commandLine)
    {
        var config = new LeviathanConfig();
        config.Layer(Defaults.Select(p => new KeyValuePair<string, string?>(p.Key, p.Value)), "built-in defaults");

        var file = Path.Combine(home, "config.yaml");
        config.Layer(YamlConfigFile.Read(file), file);

        foreach (var (name, value) in environment)
        {
            if (!name.StartsWith("LEVIATHAN_", StringComparison.Ordinal) || NotKeys.Contains(name))
            {
                continue;
            }

            var key = EnvironmentAliases.TryGetValue(name, out var alias)
                ? alias
                : name["LEVIATHAN_".Length..].Replace("__", ":", StringComparison.Ordinal).ToLowerInvariant();
            config.Set(key, value, $"environment variable {name}");
        }

        config.Layer(commandLine, "the command line");
        return config;
    }

    public void Set(string key, string? value, string source) => _values[key] = (value, source);

    private void Layer(IEnumerable<KeyValuePair<string, string?>> values, string source)
    {
        foreach (var (key, value) in values)
        {
            Set(key, value, source);
        }
    }

    /// <summary>All keys, for <c>config show</c>-style listings.</summary>
    public IEnumerable<(string Key, string? Value, string Source)> Entries =>
        _values.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Value, p.Value.Source));

    public string? GetString(string key, string? fallback = null) =>
        _values.TryGetValue(key, out var entry) && !string.IsNullOrEmpty(entry.Value) ? entry.Value : fallback;

    public string GetChoice(string key, IReadOnlyCollection<string> accepted)
    {
        var value = GetString(key) ?? throw Missing(key, $"one of {string.Join(", ", accepted)}");
        return accepted.FirstOrDefault(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase))
            ?? throw Rejected(key, $"accepted values are: {string.Join(", ", accepted)}");
    }

    public int GetInt(string key, int min, int max, int fallback)
    {
        var text = GetString(key);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Rejected(key, $"it must be a whole number from {min} to {max}");
    }

    public double GetDouble(string key, double min, double max, double fallback)
    {
        var text = GetString(key);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw Rejected(key, $"it must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    public bool GetBool(string key, bool fallback)
    {
        var text = GetString(key);
        if (text is null)
        {
            return fallback;
        }

        return text.ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw Rejected(key, "it must be true or false"),
        };
    }

    /// <summary>The names directly under a key: <c>Children("models:profiles")</c> gives the profile names.</summary>
    public IReadOnlyList<string> Children(string prefix)
    {
        var start = prefix + ":";
        return _values.Keys
            .Where(k => k.StartsWith(start, StringComparison.OrdinalIgnoreCase))
            .Select(k => k[start.Length..].Split(':')[0])
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    public ConfigException Rejected(string key, string accepted)
    {
        var (value, source) = _values[key];
        return new ConfigException(key.Replace(':', '.'), value, accepted, source);
    }

    private static ConfigException Missing(string key, string accepted) =>
        new(key.Replace(':', '.'), string.Empty, $"a value is required: {accepted}", "nowhere: it is not set");
}
