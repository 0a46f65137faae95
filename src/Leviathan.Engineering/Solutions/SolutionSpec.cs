using Leviathan.Engineering.Json;

namespace Leviathan.Engineering.Solutions;

/// <summary>
/// <c>solution.json</c> in a solution folder: the parts (OpenSCAD files beside it), where they go, and how
/// the motors are driven. Positions in metres, angles in degrees. See docs/solution-format.md.
/// </summary>
[Doc("A Leviathan solution folder's solution.json (see docs/solution-format.md).")]
public sealed record SolutionSpec
{
    public const int CurrentVersion = 1;

    [Doc("Format version; must be 1.")]
    public required int Version { get; init; }

    public required IReadOnlyList<PartSpec> Parts { get; init; }

    [Doc("Anchors for motors whose benchmark placement is 'solution'.")]
    public IReadOnlyList<MotorAnchorSpec> Motors { get; set; } = [];

    [Doc("One control profile per motor; a motor without one holds position 0.")]
    public IReadOnlyList<ControlSpec> Controls { get; set; } = [];
}
