namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>One folder a preset mounts read-only, with the variables that point at it and its program folders.</summary>
/// <param name="Path">The absolute host path (also the path inside the sandbox).</param>
internal sealed record ToolchainPath(string Path)
{
    /// <summary>Variables set when the path is mounted (values are final: they name the path or a file in it).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Whether a missing path goes unsaid (an extra that few machines have, such as ~/.dotnet/tools).</summary>
    public bool Optional { get; init; }

    /// <summary>Folders inside <see cref="Path"/> (relative) that hold programs; put on PATH when they exist.</summary>
    public IReadOnlyList<string> Bin { get; init; } = [];
}
