namespace Leviathan.Simulation.Mjcf;

/// <summary>A colour with alpha, each channel from 0 to 1.</summary>
public readonly record struct Rgba(double R, double G, double B, double A = 1);
