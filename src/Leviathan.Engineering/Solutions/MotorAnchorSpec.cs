using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Solutions;

/// <summary>Where the solution places a motor the benchmark allows (placement 'solution').</summary>
public sealed record MotorAnchorSpec
{
    public required string Name { get; init; }

    [Doc("Joint anchor in metres; must lie inside the build zone.")]
    [FixedLength(3)]
    public required IReadOnlyList<double> Anchor { get; init; }
}
