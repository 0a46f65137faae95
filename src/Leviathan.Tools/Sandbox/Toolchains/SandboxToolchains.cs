namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>Checks a workspace's sandbox mounts and presets before anything runs, and describes them for a person.</summary>
public static class SandboxToolchains
{
    /// <summary>The names of the built-in presets.</summary>
    public static IReadOnlyList<string> PresetNames { get; } = [.. ToolchainPresets.All.Select(p => p.Name)];

    /// <summary>
    /// One line saying which presets are on and what is mounted (<c>dotnet, python; mounts: /root/.pyenv (ro), …</c>),
    /// or <c>none</c>.
    /// </summary>
    /// <param name="options">The sandbox options with <see cref="SandboxOptions.Mounts"/> and <see cref="SandboxOptions.Presets"/>.</param>
    /// <param name="workspace">The canonical workspace folder.</param>
    /// <exception cref="ArgumentException">A configured mount is missing or refused, or a preset name is unknown.</exception>
    public static string Describe(SandboxOptions options, string workspace)
    {
        ArgumentNullException.ThrowIfNull(options);
        var toolchain = ToolchainResolver.Resolve(options, workspace);
        if (toolchain.Presets.Count == 0 && toolchain.Mounts.Count == 0)
        {
            return "none";
        }

        var presets = toolchain.Presets.Count == 0 ? "no presets" : string.Join(", ", toolchain.Presets);
        return toolchain.Mounts.Count == 0
            ? presets
            : $"{presets}; mounts: {string.Join(", ", toolchain.Mounts.Select(m => $"{m.Target} ({(m.Writable ? "rw" : "ro")})"))}";
    }
}
