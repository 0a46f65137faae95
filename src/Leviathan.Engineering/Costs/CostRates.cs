namespace Leviathan.Engineering.Costs;

/// <summary>
/// The constants of the cost formulas (USD, hours, cm³). The formulas are in docs/engineering.md; change
/// a rate here and the documentation's table together.
/// </summary>
public sealed record CostRates
{
    // 3D printing (FDM)
    public double PrintSetupPerJob { get; init; } = 5.0;
    public double PrintMaterialWaste { get; init; } = 0.15;
    public double PrintDepositionCm3PerHour { get; init; } = 12.0;
    public double PrintOverheadHoursPerPiece { get; init; } = 0.25;
    public double PrintHourlyRate { get; init; } = 3.0;

    // 3-axis CNC milling
    public double CncSetup { get; init; } = 80.0;
    public double CncStockMarginMm { get; init; } = 3.0;
    public double CncLoadHoursPerPiece { get; init; } = 0.1;
    public double CncFinishingCm2PerMinute { get; init; } = 200.0;
    public double CncHourlyRate { get; init; } = 70.0;

    // Injection moulding
    public double MouldBase { get; init; } = 2500.0;
    public double MouldPerProjectedCm2 { get; init; } = 25.0;
    public double MouldingMaterialWaste { get; init; } = 0.05;
    public double MouldingBaseCycleSeconds { get; init; } = 10.0;
    public double MouldingCoolingSecondsPerMm2 { get; init; } = 2.0;
    public double MouldingHourlyRate { get; init; } = 50.0;
}
