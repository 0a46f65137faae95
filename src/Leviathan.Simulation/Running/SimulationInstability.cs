namespace Leviathan.Simulation.Running;

/// <summary>Where a run became unstable; the run stops there, because MuJoCo resets the state.</summary>
public sealed record SimulationInstability(int Step, double Time, string Reason);
