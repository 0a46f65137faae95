using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration;

/// <summary>
/// Reads <c>LEVIATHAN_SECTION__KEY</c> as <c>section:key</c>, plus the short <c>LEVIATHAN_MODEL_*</c> names of the
/// default model profile, and remembers which variable set each key so that messages can name it.
/// </summary>
internal sealed class EnvironmentConfigProvider(IReadOnlyDictionary<string, string?> variables) : ConfigurationProvider
{
    private const string Prefix = "LEVIATHAN_";

    /// <summary>Environment variables that set a key without the <c>__</c> form.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["LEVIATHAN_MODEL_BASE_URL"] = "models:profiles:default:base_url",
        ["LEVIATHAN_MODEL_NAME"] = "models:profiles:default:model",
        ["LEVIATHAN_MODEL_API_KEY_ENV"] = "models:profiles:default:api_key_env",
        ["LEVIATHAN_MODEL_TOOL_CALLS"] = "models:profiles:default:tool_calls",
        ["LEVIATHAN_MODEL_CONTEXT_WINDOW"] = "models:profiles:default:context_window",
    };

    /// <summary>Environment variables that are read directly and are not configuration keys.</summary>
    private static readonly HashSet<string> NotKeys = new(StringComparer.Ordinal) { "LEVIATHAN_HOME", "LEVIATHAN_MODEL_API_KEY" };

    private readonly Dictionary<string, string> _variables = new(StringComparer.OrdinalIgnoreCase);

    public override void Load()
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        _variables.Clear();
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal) || NotKeys.Contains(name))
            {
                continue;
            }

            var rest = name[Prefix.Length..];
            if (!Aliases.ContainsKey(name) && !rest.Contains("__", StringComparison.Ordinal) && !LooksLikeAKey(rest))
            {
                // LEVIATHAN_DEBIAN_MIRROR, LEVIATHAN_CPU, …: switches of scripts and tests, not configuration keys.
                continue;
            }

            var key = Aliases.TryGetValue(name, out var alias)
                ? alias
                : rest.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal).ToLowerInvariant();
            data[key] = value;
            _variables[key] = name;
        }

        Data = data;
    }

    /// <summary>A section name and one underscore (<c>STORE_PROVIDER</c>): meant as a key, so checked, and refused with the right spelling.</summary>
    private static bool LooksLikeAKey(string rest) =>
        ConfigSchema.Sections.Any(s => rest.StartsWith(s + "_", StringComparison.OrdinalIgnoreCase));

    /// <summary>The variable that set <paramref name="key"/>, or null.</summary>
    public string? VariableOf(string key) => _variables.GetValueOrDefault(key);
}
