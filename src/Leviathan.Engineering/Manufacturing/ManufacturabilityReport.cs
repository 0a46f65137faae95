namespace Leviathan.Engineering.Manufacturing;

/// <summary>The checks of one part for its process: failures, plus informative notes (the overhang report).</summary>
public sealed record ManufacturabilityReport(
    string Part,
    ManufacturingProcess Process,
    IReadOnlyList<ManufacturabilityIssue> Failures,
    IReadOnlyList<string> Notes,
    double? MinimumWallThickness,
    double? MaximumWallThickness)
{
    public bool Passed => Failures.Count == 0;
}
