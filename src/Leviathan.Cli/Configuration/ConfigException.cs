namespace Leviathan.Cli.Configuration;

/// <summary>A configuration value that is not accepted: names the key, the value and what is accepted.</summary>
internal sealed class ConfigException(string key, string? value, string accepted, string source)
    : Exception($"configuration key '{key}' has the value '{value}' (from {source}), but {accepted}")
{
    public string Key { get; } = key;
}
