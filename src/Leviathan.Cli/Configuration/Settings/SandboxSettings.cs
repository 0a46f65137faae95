using System.ComponentModel.DataAnnotations;
using Leviathan.Tools.Sandbox;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>
/// The single-valued keys of the section <c>sandbox</c>. The lists <c>sandbox.mounts</c> and <c>sandbox.presets</c>
/// are read by <c>SandboxCommands</c>; <see cref="ConfigSchema"/> knows their shape.
/// </summary>
internal sealed class SandboxSettings
{
    public const string Section = "sandbox";

    /// <summary><c>bwrap</c> (default), <c>podman</c> or <c>none</c>.</summary>
    [ConfigurationKeyName("kind")]
    [Choice("bwrap", "podman", "none", "bubblewrap")]
    public string Kind { get; set; } = "bwrap";

    [ConfigurationKeyName("timeout_s")]
    [Range(0.1, 86_400)]
    public double TimeoutSeconds { get; set; } = 120;

    [ConfigurationKeyName("memory_mb")]
    [Range(16, 1_048_576)]
    public int MemoryMb { get; set; } = 1024;

    [ConfigurationKeyName("cpus")]
    [Range(0.01, 1024)]
    public double Cpus { get; set; } = 1;

    [ConfigurationKeyName("max_processes")]
    [Range(8, 4_194_304)]
    public int MaxProcesses { get; set; } = 256;

    [ConfigurationKeyName("max_workspace_mb")]
    [Range(0, int.MaxValue)]
    public int MaxWorkspaceMb { get; set; } = 2048;

    [ConfigurationKeyName("cgroups")]
    public bool Cgroups { get; set; } = true;

    [ConfigurationKeyName("cgroup_parent")]
    public string? CgroupParent { get; set; }

    /// <summary>The project's image: a name, or a Containerfile built once per content.</summary>
    [ConfigurationKeyName("image")]
    public string? Image { get; set; }

    [ConfigurationKeyName("podman_image")]
    public string PodmanImage { get; set; } = SandboxOptions.DefaultPodmanImage;

    [ConfigurationKeyName("uid")]
    [Range(1, int.MaxValue)]
    public int Uid { get; set; } = (int)SandboxOptions.DefaultSandboxId;

    [ConfigurationKeyName("gid")]
    [Range(1, int.MaxValue)]
    public int Gid { get; set; } = (int)SandboxOptions.DefaultSandboxId;
}
