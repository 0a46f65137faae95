namespace Leviathan.Engineering.Manufacturing;

/// <summary>Thresholds of the manufacturability checks (millimetres and degrees). See docs/engineering.md.</summary>
public sealed record ManufacturingRules
{
    /// <summary>Faces steeper than this from vertical (facing down) need support when printed.</summary>
    public double OverhangAngleDegrees { get; init; } = 45;

    /// <summary>Printer build volume (X, Y, Z).</summary>
    public IReadOnlyList<double> PrinterBuildVolume { get; init; } = [250, 210, 210];

    /// <summary>Radius of the smallest end mill; vertical internal corners need at least this radius.</summary>
    public double CncToolRadius { get; init; } = 1.5;

    /// <summary>Face area (mm²) a tool from +Z cannot reach before the part counts as having undercuts.</summary>
    public double UndercutAreaTolerance { get; init; } = 1.0;

    /// <summary>Largest stock block the 3-axis machine (a gantry router) takes (X, Y, Z).</summary>
    public IReadOnlyList<double> CncWorkEnvelope { get; init; } = [1000, 600, 300];

    /// <summary>Smallest draft angle of walls parallel to the mould's opening direction (Z).</summary>
    public double MinimumDraftDegrees { get; init; } = 1.0;

    public double MinimumWallThickness { get; init; } = 0.8;

    public double MaximumWallThickness { get; init; } = 4.0;
}
