using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>A dynamic object that has to reach its goal zone. Give either a material or a mass.</summary>
public sealed record PayloadSpec
{
    public required string Name { get; init; }

    [Doc("Sphere, box or cylinder.")]
    public required ShapeSpec Shape { get; init; }

    [Doc("Material id from the material table (mass follows from the volume); or give mass.")]
    public string? Material { get; init; }

    [Doc("Mass in kg; or give material.")]
    public double? Mass { get; init; }

    public required PoseSpec Pose { get; init; }

    public JitterSpec Jitter { get; set; } = new();

    [Doc("Sliding friction coefficient of the payload (default 0.8; a contact uses the larger of the two bodies', so a part's 0.6 meets the payload at 0.8).")]
    public double Friction { get; set; } = 0.8;

    [Doc("Name of the goal zone this payload must reach. Required in extra_payloads; the payload itself always goes to zones.goal (give its name here or leave it out).")]
    public string? Goal { get; init; }
}
