namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>
/// A language toolchain made visible in the sandbox: the files that mark a project as using it, the host
/// folders it mounts read-only, the variables it sets and the programs it brings.
/// </summary>
internal sealed record ToolchainPreset(string Name)
{
    /// <summary>File names in the workspace's top folder that select the preset under <c>auto</c>.</summary>
    public IReadOnlyList<string> MarkerFiles { get; init; } = [];

    /// <summary>File extensions (with the dot) in the workspace's top folder that select the preset.</summary>
    public IReadOnlyList<string> MarkerExtensions { get; init; } = [];

    /// <summary>The folders to mount, given the host; one that does not exist is skipped and said once.</summary>
    public Func<ToolchainHost, IEnumerable<ToolchainPath>> Paths { get; init; } = _ => [];

    /// <summary>Variables always set when the preset is on.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Host variables copied when set (a version selection, a certificate bundle).</summary>
    public IReadOnlyList<string> PassEnvironment { get; init; } = [];

    /// <summary>Programs the preset brings, for the message when one is missing.</summary>
    public IReadOnlyList<string> Programs { get; init; } = [];

    /// <summary>How the preset's folders are described to a person (<c>~/.cargo and ~/.rustup</c>).</summary>
    public string Describes { get; init; } = string.Empty;
}
