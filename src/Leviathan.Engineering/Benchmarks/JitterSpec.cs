using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Uniform random offsets applied to the payload's start pose, one draw per evaluation sample.</summary>
public sealed record JitterSpec
{
    [Doc("Half-range of the uniform position offset per axis, metres.")]
    [FixedLength(3)]
    public IReadOnlyList<double> Position { get; set; } = [0, 0, 0];

    [Doc("Half-range of the uniform rotation offset per axis, degrees.")]
    [FixedLength(3)]
    public IReadOnlyList<double> Rotation { get; set; } = [0, 0, 0];
}
