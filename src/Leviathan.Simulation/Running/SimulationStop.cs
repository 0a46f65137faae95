namespace Leviathan.Simulation.Running;

/// <summary>Why and when a run ended early under its <see cref="SimulationStopRules"/>.</summary>
public sealed record SimulationStop(SimulationStopReason Reason, double Time);
