using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration;

/// <summary>One layer of the configuration: its kind, how it is named in messages, and its provider.</summary>
internal sealed record ConfigLayer(ConfigLayerKind Kind, string Name, IConfigurationProvider Provider)
{
    /// <summary>The layer's name in <c>config show --json</c>: <c>defaults</c>, <c>user_file</c>, ….</summary>
    public string Id => Kind switch
    {
        ConfigLayerKind.Defaults => "defaults",
        ConfigLayerKind.UserFile => "user_file",
        ConfigLayerKind.ProjectFile => "project_file",
        ConfigLayerKind.Environment => "environment",
        _ => "command_line",
    };

    /// <summary>Where a key of this layer comes from, for messages: the file, the variable, or the layer.</summary>
    public string SourceOf(string key) =>
        Provider is EnvironmentConfigProvider environment && environment.VariableOf(key) is { } variable
            ? $"environment variable {variable}"
            : Name;
}
