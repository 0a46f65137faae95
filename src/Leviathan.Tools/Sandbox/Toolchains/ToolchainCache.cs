namespace Leviathan.Tools.Sandbox.Toolchains;

/// <summary>
/// Remembers a backend's resolved toolchains by workspace and preset selection, so that a command pays for the
/// preset detection (one listing of the workspace's top folder under <c>auto</c>) but not for checking every host
/// folder again. Host toolchain folders that appear or vanish later are seen by the next sandbox.
/// </summary>
internal sealed class ToolchainCache
{
    private readonly Dictionary<(string Workspace, string Presets), SandboxToolchain> _resolved = [];

    /// <summary>The toolchain of a workspace (canonical path).</summary>
    /// <exception cref="ArgumentException">A configured mount is missing or refused, or a preset name is unknown.</exception>
    public SandboxToolchain Resolve(SandboxOptions options, string workspace)
    {
        if (options.Mounts.Count == 0 && options.Presets.Count == 0)
        {
            return SandboxToolchain.Empty;
        }

        var presets = ToolchainResolver.Presets(options.Presets, workspace);
        var key = (workspace, string.Join(',', presets.Select(p => p.Name)));
        lock (_resolved)
        {
            if (_resolved.TryGetValue(key, out var known))
            {
                return known;
            }
        }

        var toolchain = ToolchainResolver.Resolve(options, workspace, presets);
        lock (_resolved)
        {
            _resolved[key] = toolchain;
        }

        return toolchain;
    }
}
