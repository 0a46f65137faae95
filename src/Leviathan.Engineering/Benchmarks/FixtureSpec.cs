using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>A static body of the environment.</summary>
public sealed record FixtureSpec
{
    public required string Name { get; init; }

    public required ShapeSpec Shape { get; init; }

    public required PoseSpec Pose { get; init; }

    [Doc("Sliding friction coefficient (default 0.8).")]
    public double Friction { get; set; } = 0.8;
}
