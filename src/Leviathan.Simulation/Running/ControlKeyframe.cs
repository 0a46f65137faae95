namespace Leviathan.Simulation.Running;

/// <summary>A control value at a simulated time (seconds).</summary>
public sealed record ControlKeyframe(double Time, double Value);
