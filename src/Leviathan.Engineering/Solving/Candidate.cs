using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Scenes;
using Leviathan.Engineering.Solutions;
using Vec3 = Leviathan.Engineering.Geometry.Vec3;

namespace Leviathan.Engineering.Solving;

/// <summary>A decoded point of the search space: parts, anchors of solution-placed motors, and motor controls.</summary>
internal sealed record Candidate(
    IReadOnlyList<CandidatePart> Parts,
    IReadOnlyList<MotorAnchorSpec> Anchors,
    IReadOnlyList<ControlSpec> Controls)
{
    /// <summary>
    /// The parts as meshes made in code (the same solids OpenSCAD renders from the files <see cref="SolutionWriter"/>
    /// writes), their meshes cached under <paramref name="cacheDirectory"/>.
    /// </summary>
    public List<ScenePart> ScreeningParts(string cacheDirectory) =>
        Parts.Select(p => new ScenePart(
            p.Name,
            PartSolid.Create(p, cacheDirectory),
            p.Making.Material,
            new Pose(p.Position, Rotation.FromOpenScadEuler(p.Rotation)),
            p.Mount,
            Hinge: p.Hinge)).ToList();

    /// <summary>Where each solution-placed motor is anchored, by motor name.</summary>
    public Dictionary<string, Vec3> AnchorPoints() =>
        Anchors.ToDictionary(a => a.Name, a => Vec3.From(a.Anchor), StringComparer.Ordinal);
}
