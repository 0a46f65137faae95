using System.Reflection;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>A section bound to a settings class through the options pattern (<c>store</c> → <see cref="StoreSettings"/>).</summary>
internal sealed record SettingsSection(string Name, Type Type)
{
    /// <summary>Every section with a settings class.</summary>
    public static IReadOnlyList<SettingsSection> All { get; } =
    [
        new(StoreSettings.Section, typeof(StoreSettings)),
        new(SandboxSettings.Section, typeof(SandboxSettings)),
        new(CadSettings.Section, typeof(CadSettings)),
        new(SimSettings.Section, typeof(SimSettings)),
        new(ServeSettings.Section, typeof(ServeSettings)),
        new(BackupSettings.Section, typeof(BackupSettings)),
    ];

    /// <summary>The section's keys, in declaration order.</summary>
    public IReadOnlyList<SettingsProperty> Properties { get; } =
        [.. Type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => new SettingsProperty(p))];

    /// <summary>The key <paramref name="key"/> of this section, or null.</summary>
    public SettingsProperty? Find(string key) =>
        Properties.FirstOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase));
}
