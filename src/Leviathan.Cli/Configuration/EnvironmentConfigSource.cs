using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration;

/// <summary>The <c>LEVIATHAN_*</c> variables of a given environment (the process's, or a test's).</summary>
internal sealed class EnvironmentConfigSource(IReadOnlyDictionary<string, string?> variables) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new EnvironmentConfigProvider(variables);
}
