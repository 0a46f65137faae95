namespace Leviathan.Simulation.Rendering;

/// <summary>An axis-aligned box in world coordinates (metres) that the cameras frame.</summary>
/// <param name="Min">The corner with the smallest x, y and z.</param>
/// <param name="Max">The corner with the largest x, y and z.</param>
public sealed record FocusBox(Vec3 Min, Vec3 Max);
