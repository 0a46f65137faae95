namespace Leviathan.Engineering.Overlaps;

/// <summary>Two solids share more than the threshold volume (mm³).</summary>
public sealed record Overlap(string First, string Second, double VolumeMm3);
