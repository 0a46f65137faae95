using System.Globalization;
using Leviathan.Cli.Configuration.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using YamlDotNet.Core;

namespace Leviathan.Cli.Configuration;

/// <summary>
/// Layered configuration on Microsoft.Extensions.Configuration: built-in defaults &lt; <c>&lt;home&gt;/config.yaml</c>
/// &lt; the project's <c>.leviathan/config.yaml</c> (in the working folder; only <see cref="ConfigSchema.ProjectKeys"/>)
/// &lt; <c>LEVIATHAN_*</c> environment variables &lt; command-line options. Keys are case-insensitive and use <c>:</c>
/// between levels (<c>store:provider</c>); environment variables use <c>__</c> (<c>LEVIATHAN_STORE__PROVIDER</c>).
/// Every key is checked on load (<see cref="ConfigSchema"/>); sections are bound to validated settings classes through
/// the options pattern (<see cref="Settings{T}"/>); a value also remembers the layer it came from.
/// </summary>
internal sealed class LeviathanConfig
{
    private readonly IReadOnlyList<ConfigLayer> _layers;
    private readonly MemoryConfigurationProvider _commandLine;
    private readonly Lazy<ServiceProvider> _services;

    private LeviathanConfig(IConfigurationRoot root, IReadOnlyList<ConfigLayer> layers)
    {
        Root = root;
        _layers = layers;
        _commandLine = (MemoryConfigurationProvider)layers[^1].Provider;
        _services = new Lazy<ServiceProvider>(() =>
        {
            var services = new ServiceCollection();
            services.AddOptions<StoreSettings>().Bind(root.GetSection(StoreSettings.Section)).ValidateDataAnnotations();
            services.AddOptions<SandboxSettings>().Bind(root.GetSection(SandboxSettings.Section)).ValidateDataAnnotations();
            services.AddOptions<CadSettings>().Bind(root.GetSection(CadSettings.Section)).ValidateDataAnnotations();
            services.AddOptions<SimSettings>().Bind(root.GetSection(SimSettings.Section)).ValidateDataAnnotations();
            services.AddOptions<ServeSettings>().Bind(root.GetSection(ServeSettings.Section)).ValidateDataAnnotations();
            services.AddOptions<BackupSettings>().Bind(root.GetSection(BackupSettings.Section)).ValidateDataAnnotations();
            return services.BuildServiceProvider();
        });
    }

    /// <summary>The merged configuration.</summary>
    public IConfigurationRoot Root { get; }

    /// <summary>The layers, lowest first.</summary>
    public IReadOnlyList<ConfigLayer> Layers => _layers;

    /// <summary>The project file this configuration looks for: <c>.leviathan/config.yaml</c> in the working folder.</summary>
    public static string ProjectFile(string workingDirectory) => Path.Combine(workingDirectory, ".leviathan", "config.yaml");

    /// <summary>Builds the layers and checks every key.</summary>
    /// <exception cref="ConfigException">A key is unknown or a value is not accepted.</exception>
    /// <exception cref="Hosting.CliException">A file is not valid YAML.</exception>
    public static LeviathanConfig Load(
        string home,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        IEnumerable<KeyValuePair<string, string?>> commandLine)
    {
        var builder = new ConfigurationBuilder();
        var kinds = new List<(ConfigLayerKind Kind, string Name)>();
        builder.AddInMemoryCollection(Defaults(home));
        kinds.Add((ConfigLayerKind.Defaults, "built-in defaults"));
        var files = new List<string>();
        foreach (var (kind, file) in new[] { (ConfigLayerKind.UserFile, Path.Combine(home, "config.yaml")), (ConfigLayerKind.ProjectFile, ProjectFile(workingDirectory)) })
        {
            // A folder that holds the home's file is not a project: the same file must not count twice.
            if (File.Exists(file) && !files.Contains(file, StringComparer.Ordinal))
            {
                builder.AddYamlFile(file, optional: false, reloadOnChange: false);
                kinds.Add((kind, file));
                files.Add(file);
            }
        }

        builder.Add(new EnvironmentConfigSource(environment));
        kinds.Add((ConfigLayerKind.Environment, "the environment"));
        builder.AddInMemoryCollection(commandLine);
        kinds.Add((ConfigLayerKind.CommandLine, "the command line"));

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or InvalidDataException or YamlException)
        {
            throw FileFault(files);
        }

        var layers = root.Providers.Zip(kinds, (provider, kind) => new ConfigLayer(kind.Kind, kind.Name, provider)).ToList();
        var config = new LeviathanConfig(root, layers);
        ConfigSchema.Check(config);
        return config;
    }

    /// <summary>The built-in defaults: every settings class's own values, with the home-relative ones filled in.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Defaults(string home)
    {
        foreach (var section in SettingsSection.All)
        {
            var fresh = Activator.CreateInstance(section.Type)!;
            foreach (var property in section.Properties)
            {
                if (property.DefaultText(fresh) is { } text)
                {
                    yield return new($"{section.Name}:{property.Key}", text);
                }
            }
        }

        yield return new($"{CadSettings.Section}:cache_dir", Path.Combine(home, "cache", "cad"));
    }

    /// <summary>A section's settings, bound and validated through the options pattern.</summary>
    /// <exception cref="OptionsValidationException">A value breaks the class's validation attributes.</exception>
    public T Settings<T>()
        where T : class => _services.Value.GetRequiredService<IOptions<T>>().Value;

    /// <summary>Sets a key on the command-line layer (null hides lower layers' value).</summary>
    public void Set(string key, string? value) => _commandLine.Set(key, value);

    /// <summary>Every key that has a value, its value and where it comes from, in key order.</summary>
    public IEnumerable<(string Key, string? Value, string Source)> Entries =>
        Root.AsEnumerable()
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (p.Key, p.Value, SourceOf(p.Key)));

    /// <summary>The layer that gives <paramref name="key"/> its value, or null when no layer sets it.</summary>
    public ConfigLayer? LayerOf(string key)
    {
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            if (_layers[i].Provider.TryGet(key, out _))
            {
                return _layers[i];
            }
        }

        return null;
    }

    /// <summary>Where <paramref name="key"/>'s value comes from, for messages: a file, a variable, a layer.</summary>
    public string SourceOf(string key) => LayerOf(key)?.SourceOf(key) ?? "nowhere: it is not set";

    public string? GetString(string key, string? fallback = null) => Root[key] is { Length: > 0 } value ? value : fallback;

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

        return bool.TryParse(text, out var value) ? value : throw Rejected(key, "it must be true or false");
    }

    /// <summary>The names directly under a key: <c>Children("models:profiles")</c> gives the profile names.</summary>
    public IReadOnlyList<string> Children(string prefix) =>
        [.. Root.GetSection(prefix).GetChildren().Select(c => c.Key).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal)];

    public ConfigException Rejected(string key, string accepted) =>
        new(key.Replace(':', '.'), Root[key], accepted, SourceOf(key));

    private static ConfigException Missing(string key, string accepted) =>
        new(key.Replace(':', '.'), string.Empty, $"a value is required: {accepted}", "nowhere: it is not set");

    /// <summary>Loads each file alone to name the one that is broken and say where.</summary>
    private static Hosting.CliException FileFault(IReadOnlyList<string> files)
    {
        foreach (var file in files)
        {
            try
            {
                _ = new ConfigurationBuilder().AddYamlFile(file, optional: false, reloadOnChange: false).Build();
            }
            catch (Exception ex) when (Inner<InvalidCastException>(ex) is not null)
            {
                return Hosting.CliException.Usage($"{file} must hold a YAML mapping at its top level", "for example: store:\\n  provider: sqlite");
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or YamlException)
            {
                var yaml = Inner<YamlException>(ex);
                return new Hosting.CliException(
                    yaml is null
                        ? $"{file} is not valid YAML: {(ex.InnerException ?? ex).Message}"
                        : $"{file} is not valid YAML: {yaml.Message} (line {yaml.Start.Line}, column {yaml.Start.Column})",
                    "fix the file or move it aside; nothing else was read",
                    Hosting.ExitCodes.Usage);
            }
        }

        return Hosting.CliException.Usage("a configuration file cannot be read", "run with --verbose for the details");
    }

    private static T? Inner<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
