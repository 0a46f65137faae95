using Leviathan.Engineering.Solutions;

namespace Leviathan.Engineering.Solving;

/// <summary>A decoded point of the search space: parts, anchors of solution-placed motors, and motor controls.</summary>
internal sealed record Candidate(
    IReadOnlyList<CandidatePart> Parts,
    IReadOnlyList<MotorAnchorSpec> Anchors,
    IReadOnlyList<ControlSpec> Controls);
