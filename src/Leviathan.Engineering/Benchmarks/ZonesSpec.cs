using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>Where solution parts may be, where the payload must go, and where nothing may enter.</summary>
public sealed record ZonesSpec
{
    [Doc("Every solution part must lie entirely inside this box.")]
    public required ZoneSpec Build { get; init; }

    [Doc("The payload's centre must be inside this box.")]
    public required ZoneSpec Goal { get; init; }

    [Doc("Further named goal zones, each the goal of one or more extra_payloads (by its name).")]
    public IReadOnlyList<ZoneSpec>? ExtraGoals { get; init; }

    [Doc("Neither the payload nor any solution part may touch these boxes.")]
    public IReadOnlyList<ZoneSpec> Forbid { get; set; } = [];
}
