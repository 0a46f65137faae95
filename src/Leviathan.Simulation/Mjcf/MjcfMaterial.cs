namespace Leviathan.Simulation.Mjcf;

/// <summary><c>&lt;material&gt;</c> asset: a named colour.</summary>
public sealed record MjcfMaterial(string Name, Rgba Color);
