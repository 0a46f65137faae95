using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>The section <c>cad</c>: the OpenSCAD pipeline.</summary>
internal sealed class CadSettings
{
    public const string Section = "cad";

    /// <summary>Rendered parts by content; default <c>&lt;home&gt;/cache/cad</c> (set by the defaults layer).</summary>
    [ConfigurationKeyName("cache_dir")]
    public string? CacheDir { get; set; }

    [ConfigurationKeyName("openscad")]
    public string OpenScad { get; set; } = "openscad";

    [ConfigurationKeyName("timeout_s")]
    [Range(1, 3600)]
    public int TimeoutSeconds { get; set; } = 120;
}
