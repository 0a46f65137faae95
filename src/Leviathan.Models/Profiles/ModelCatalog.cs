namespace Leviathan.Models.Profiles;

/// <summary>
/// The configured profiles and the role routes. A role without a route uses the <c>default</c> profile.
/// Built by <see cref="ModelCatalogParser"/> from configuration keys.
/// </summary>
public sealed class ModelCatalog
{
    public ModelCatalog(IEnumerable<ModelProfile> profiles, IReadOnlyDictionary<string, string> roles)
    {
        ArgumentNullException.ThrowIfNull(profiles);
        ArgumentNullException.ThrowIfNull(roles);
        Profiles = profiles.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        Roles = new Dictionary<string, string>(roles, StringComparer.OrdinalIgnoreCase);
        foreach (var (role, profile) in Roles)
        {
            if (!Profiles.ContainsKey(profile))
            {
                throw new ModelConfigurationException(
                    $"models.roles.{role}", profile, $"there is no profile '{profile}'; configured profiles: {Known()}", source: null);
            }
        }
    }

    /// <summary>Profiles by name (case-insensitive).</summary>
    public IReadOnlyDictionary<string, ModelProfile> Profiles { get; }

    /// <summary>Role name to profile name, as configured (unrouted roles are absent).</summary>
    public IReadOnlyDictionary<string, string> Roles { get; }

    /// <summary>The profile called <paramref name="name"/>; throws a <see cref="ModelConfigurationException"/> that says how to add it.</summary>
    public ModelProfile Get(string name)
    {
        if (Profiles.TryGetValue(name, out var profile))
        {
            return profile;
        }

        var hint = string.Equals(name, ModelProfile.DefaultName, StringComparison.OrdinalIgnoreCase)
            ? "set LEVIATHAN_MODEL_BASE_URL and LEVIATHAN_MODEL_NAME, or models.profiles.default.base_url and .model in config.yaml"
            : $"add models.profiles.{name}.base_url and .model to config.yaml";
        throw new ModelConfigurationException(
            $"models.profiles.{name}", null, $"there is no model profile '{name}' (configured: {Known()}); {hint}", source: null);
    }

    /// <summary>The profile a role routes to: its route from <c>models.roles</c>, else <c>default</c>.</summary>
    public ModelProfile ForRole(string role) =>
        Get(Roles.TryGetValue(role, out var name) ? name : ModelProfile.DefaultName);

    /// <summary>The profile name a role routes to, without requiring that profile to exist.</summary>
    public string RouteOf(string role) => Roles.TryGetValue(role, out var name) ? name : ModelProfile.DefaultName;

    private string Known() => Profiles.Count == 0 ? "none" : string.Join(", ", Profiles.Keys.Order(StringComparer.Ordinal));
}
