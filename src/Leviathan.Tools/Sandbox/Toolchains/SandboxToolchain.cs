namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>What a workspace's toolchains add to one sandboxed command: mounts, variables, PATH and notices.</summary>
internal sealed record SandboxToolchain
{
    /// <summary>No presets, no mounts.</summary>
    public static SandboxToolchain Empty { get; } = new();

    /// <summary>The presets in force, by name.</summary>
    public IReadOnlyList<string> Presets { get; init; } = [];

    /// <summary>The mounts, in order.</summary>
    public IReadOnlyList<ToolchainMount> Mounts { get; init; } = [];

    /// <summary>Variables set on top of the host allow-list (before the request's own).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>PATH inside the sandbox: the presets' program folders, then the host PATH entries visible inside; null to keep the host's.</summary>
    public string? Path { get; init; }

    /// <summary>Lines for a person about preset folders that were skipped (missing on this machine).</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];
}
