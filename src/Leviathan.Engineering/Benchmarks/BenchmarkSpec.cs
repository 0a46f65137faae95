using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Benchmarks;

/// <summary>
/// A physics benchmark: the environment a solution must work in and the rules it is judged by.
/// Units are SI (metres, kilograms, seconds, newtons); angles are degrees. See docs/benchmark-spec.md.
/// </summary>
[Doc("A Leviathan physics benchmark (see docs/benchmark-spec.md). Units: metres, kilograms, seconds, newtons; angles in degrees.")]
public sealed record BenchmarkSpec
{
    /// <summary>The only format version this build reads.</summary>
    public const int CurrentVersion = 1;

    [Doc("Format version; must be 1.")]
    public required int Version { get; init; }

    [Doc("Stable identifier, lowercase letters, digits and '-'.")]
    public required string Id { get; init; }

    [Doc("The generator family this benchmark belongs to (for hand-written ones: 'hand-written').")]
    public required string Family { get; init; }

    [Doc("Seed of the generator and of the start jitter.")]
    public required long Seed { get; init; }

    [Doc("What the engineer has to achieve, in one or two sentences.")]
    public string? Description { get; init; }

    public WorldSpec World { get; set; } = new();

    [Doc("Static bodies: floor, walls, ramps, shelves, obstacles.")]
    public required IReadOnlyList<FixtureSpec> Fixtures { get; init; }

    [Doc("The payload: the dynamic object that must reach zones.goal.")]
    public required PayloadSpec Payload { get; init; }

    [Doc("Further payloads (for example a sorting task): each must reach the goal zone its 'goal' names (zones.goal by its name, or one of zones.extra_goals). The objective is met only when every payload meets it in its own goal.")]
    public IReadOnlyList<PayloadSpec>? ExtraPayloads { get; init; }

    [Doc("Motors the environment provides (fixed anchor) or allows (the solution places the anchor).")]
    public IReadOnlyList<MotorSpec> Motors { get; set; } = [];

    public required ZonesSpec Zones { get; init; }

    public required LimitsSpec Limits { get; init; }

    public required ObjectiveSpec Objective { get; init; }
}
