using System.Text.Json.Serialization;

namespace Leviathan.Simulation.Validation;

/// <summary>Sizes of the compiled model and what the check simulated.</summary>
public sealed record ValidationStats
{
    [JsonPropertyName("nbody")]
    public int NBody { get; init; }

    [JsonPropertyName("ngeom")]
    public int NGeom { get; init; }

    [JsonPropertyName("njnt")]
    public int NJnt { get; init; }

    [JsonPropertyName("nu")]
    public int Nu { get; init; }

    /// <summary>Degrees of freedom (not in the CLI's JSON contract, which lists the four counts above).</summary>
    [JsonIgnore]
    public int Nv { get; init; }

    /// <summary>Physics steps run.</summary>
    [JsonPropertyName("frames")]
    public int Frames { get; init; }

    [JsonPropertyName("sim_time_s")]
    public double SimTimeSeconds { get; init; }

    /// <summary>Deepest geom overlap at t = 0 (0 when nothing overlaps).</summary>
    [JsonPropertyName("max_penetration_mm")]
    public double MaxPenetrationMm { get; init; }

    /// <summary>CPU milliseconds of the worker thread spent on MuJoCo's contacts at t = 0 and their exact depths.</summary>
    [JsonPropertyName("penetration_check_cpu_ms")]
    public double PenetrationCheckCpuMs { get; init; }
}
