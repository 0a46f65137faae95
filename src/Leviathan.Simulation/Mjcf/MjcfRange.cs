namespace Leviathan.Simulation.Mjcf;

/// <summary>A closed range, e.g. a joint's limits or an actuator's control and force range.</summary>
public readonly record struct MjcfRange(double Min, double Max);
