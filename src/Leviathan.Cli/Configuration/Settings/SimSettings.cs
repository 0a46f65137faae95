using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Leviathan.Cli.Configuration.Settings;

/// <summary>The section <c>sim</c>: MuJoCo workers.</summary>
internal sealed class SimSettings
{
    public const string Section = "sim";

    /// <summary>A body faster than this (m/s) makes a model unstable.</summary>
    [ConfigurationKeyName("max_speed")]
    [Range(1e-9, 1e12)]
    public double MaxSpeed { get; set; } = 1000;

    /// <summary>Seconds one simulation request may take.</summary>
    [ConfigurationKeyName("timeout_s")]
    [Range(1, 86_400)]
    public double TimeoutSeconds { get; set; } = 600;
}
