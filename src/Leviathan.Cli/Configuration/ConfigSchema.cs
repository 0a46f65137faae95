using Leviathan.Cli.Configuration.Settings;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration;

/// <summary>
/// Every key Leviathan reads, and the check that every key set in any layer is one of them with a value it accepts.
/// An unknown key is an error that names it, where it was set and the nearest valid key.
/// </summary>
internal static class ConfigSchema
{
    /// <summary>Settings of a model profile (<c>models.profiles.NAME.*</c>); read by the model layer.</summary>
    public static readonly IReadOnlyList<string> ProfileKeys =
    [
        "name", "base_url", "model", "api_key_env", "context_window", "price_input_per_mtok", "price_output_per_mtok",
        "capabilities", "timeout_s", "retries", "retry_delay_s", "tool_calls", "tokenizer", "budget",
    ];

    /// <summary>Settings of a profile's <c>budget</c>.</summary>
    public static readonly IReadOnlyList<string> BudgetKeys = ["tokens", "usd", "steps", "minutes"];

    /// <summary>Settings of one <c>sandbox.mounts</c> entry.</summary>
    public static readonly IReadOnlyList<string> MountKeys = ["path", "target", "writable"];

    /// <summary>The keys a project file may set: none of them widens what the sandbox or the policy allows.</summary>
    public static readonly IReadOnlyList<string> ProjectKeys =
        ["sandbox:image", "sandbox:presets", "sandbox:timeout_s", "sim:max_speed", "sim:timeout_s", "cad:timeout_s"];

    private const string Models = "models";
    private const string Policy = "policy";

    /// <summary>The sections at the top level.</summary>
    public static IReadOnlyList<string> Sections { get; } = [.. SettingsSection.All.Select(s => s.Name), Models, Policy];

    /// <summary>Checks every key that has a value.</summary>
    /// <exception cref="ConfigException">A key is unknown, set where it may not be, or has a value its key does not accept.</exception>
    public static void Check(LeviathanConfig config)
    {
        foreach (var (key, value) in config.Root.AsEnumerable().Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            CheckKey(config, key, value!);
        }
    }

    private static void CheckKey(LeviathanConfig config, string key, string value)
    {
        var parts = key.Split(ConfigurationPath.KeyDelimiter);
        var section = parts[0].ToLowerInvariant();
        if (config.LayerOf(key) is { Kind: ConfigLayerKind.ProjectFile } && !IsProjectKey(parts))
        {
            throw config.Rejected(key, $"a project file may set only {string.Join(", ", ProjectKeys.Select(Dotted))}; put this key in your own config.yaml, the environment or the command line");
        }

        switch (section)
        {
            case Policy:
                if (config.LayerOf(key) is { Kind: not ConfigLayerKind.UserFile })
                {
                    throw config.Rejected(key, "policy rules are read from your own config.yaml (section policy) or --policy FILE only");
                }

                return;
            case Models:
                CheckModels(config, key, parts);
                return;
        }

        if (SettingsSection.All.FirstOrDefault(s => s.Name == section) is not { } settings)
        {
            throw Unknown(config, key, parts[0], Sections, string.Empty);
        }

        if (section == SandboxSettings.Section && parts.Length > 1 && CheckSandboxList(config, key, parts, value))
        {
            return;
        }

        var known = settings.Properties.Select(p => p.Key).Concat(section == SandboxSettings.Section ? ["mounts", "presets"] : []).ToList();
        if (parts.Length != 2 || settings.Find(parts[1]) is not { } property)
        {
            throw Unknown(config, key, parts.Length > 1 ? parts[1] : string.Empty, known, section + ".");
        }

        if (!property.Accepts(value))
        {
            throw config.Rejected(key, property.Accepted);
        }
    }

    /// <summary><c>sandbox.mounts</c> (a list of paths or of {path, target, writable}) and <c>sandbox.presets</c> (a list or a comma list).</summary>
    private static bool CheckSandboxList(LeviathanConfig config, string key, string[] parts, string value)
    {
        switch (parts[1].ToLowerInvariant())
        {
            case "presets" when parts.Length <= 3:
                return true;
            case "mounts" when parts.Length == 3:
                return true;
            case "mounts" when parts.Length == 4:
                var field = parts[3].ToLowerInvariant();
                if (!MountKeys.Contains(field))
                {
                    throw Unknown(config, key, parts[3], MountKeys, $"sandbox.mounts.{parts[2]}.");
                }

                if (field == "writable" && !bool.TryParse(value, out _))
                {
                    throw config.Rejected(key, "it must be true or false");
                }

                return true;
            case "mounts":
                throw config.Rejected(key, "sandbox.mounts is a list: each entry a path, or path, target (optional) and writable (optional)");
            default:
                return false;
        }
    }

    private static void CheckModels(LeviathanConfig config, string key, string[] parts)
    {
        var under = parts.Length > 1 ? parts[1].ToLowerInvariant() : string.Empty;
        switch (under)
        {
            case "roles" when parts.Length == 3:
                return;
            case "profiles" when parts.Length >= 4:
                var field = parts[3].ToLowerInvariant();
                if (!ProfileKeys.Contains(field))
                {
                    throw Unknown(config, key, parts[3], ProfileKeys, $"models.profiles.{parts[2]}.");
                }

                if (field == "budget" && (parts.Length != 5 || !BudgetKeys.Contains(parts[4].ToLowerInvariant())))
                {
                    throw Unknown(config, key, parts.Length > 4 ? parts[4] : string.Empty, BudgetKeys, $"models.profiles.{parts[2]}.budget.");
                }

                if (field is not ("budget" or "capabilities") && parts.Length != 4)
                {
                    throw config.Rejected(key, $"models.profiles.{parts[2]}.{field} takes one value, not a list or a mapping");
                }

                return;
            case "roles" or "profiles":
                throw config.Rejected(key, under == "roles"
                    ? "models.roles maps a role to a profile name: models.roles.engineer: NAME"
                    : "models.profiles maps a profile name to its settings: models.profiles.NAME.base_url, .model, …");
            default:
                throw Unknown(config, key, under, ["profiles", "roles"], "models.");
        }
    }

    private static bool IsProjectKey(string[] parts) =>
        ProjectKeys.Contains(string.Join(ConfigurationPath.KeyDelimiter, parts.Take(2)).ToLowerInvariant())
        && (parts.Length == 2 || (parts.Length == 3 && parts[1].Equals("presets", StringComparison.OrdinalIgnoreCase)));

    private static ConfigException Unknown(LeviathanConfig config, string key, string name, IReadOnlyList<string> known, string prefix)
    {
        var nearest = ConfigKeySuggestion.Nearest(name.ToLowerInvariant(), known);
        var where = prefix.Length == 0 ? "sections" : $"keys under {prefix.TrimEnd('.')}";
        var levels = config.LayerOf(key) is { Kind: ConfigLayerKind.Environment }
            ? "; in environment variables __ separates the levels, e.g. LEVIATHAN_STORE__BATCH_SIZE"
            : string.Empty;
        return config.Rejected(key, $"there is no such key: did you mean '{prefix}{nearest}'? ({where}: {string.Join(", ", known)}){levels}");
    }

    private static string Dotted(string key) => key.Replace(ConfigurationPath.KeyDelimiter, ".", StringComparison.Ordinal);
}
