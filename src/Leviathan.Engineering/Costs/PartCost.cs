using Leviathan.Engineering.Manufacturing;

namespace Leviathan.Engineering.Costs;

/// <summary>
/// The cost of one group of identical parts, per solution unit: the one-off cost (setup or tooling) spread
/// over the production run, plus material and machine time for each copy.
/// </summary>
public sealed record PartCost(
    IReadOnlyList<string> Parts,
    string Material,
    ManufacturingProcess Process,
    int CopiesPerUnit,
    int PiecesInRun,
    double OneOffCost,
    double MaterialPerPiece,
    double MachineHoursPerPiece,
    double MachinePerPiece,
    double PerUnit);
