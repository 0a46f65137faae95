using Leviathan.Engineering.Manufacturing;
using Leviathan.Engineering.Parts;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// The solid a candidate part is made as: a plain box (<see cref="BoxPart"/>) for printing and milling, a drafted and
/// cored box (<see cref="MouldedPart"/>) for injection moulding. Screening and the written solution use the same one.
/// </summary>
internal static class PartSolid
{
    public static bool IsMoulded(CandidatePart part) => part.Making.Process == ManufacturingProcess.InjectionMoulding;

    /// <summary>The part's OpenSCAD program (millimetres).</summary>
    public static string Scad(CandidatePart part) =>
        IsMoulded(part) ? MouldedPart.Scad(part.Size * 1000) : BoxPart.Scad(part.Size * 1000);

    /// <summary>The part's mesh built in code, written once to the cache folder.</summary>
    public static CadPart Create(CandidatePart part, string cacheDirectory) =>
        IsMoulded(part) ? MouldedPart.Create(part.Size * 1000, cacheDirectory) : BoxPart.Create(part.Size * 1000, cacheDirectory);

    /// <summary>The thickest section the moulding rules measure (mm) for a moulded part; null for the others, as the evaluator costs them.</summary>
    public static double? MaximumWall(CandidatePart part) =>
        IsMoulded(part) ? MouldedPart.MaximumWall(part.Size * 1000) : null;
}
