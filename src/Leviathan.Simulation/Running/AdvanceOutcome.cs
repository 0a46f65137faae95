namespace Leviathan.Simulation.Running;

/// <summary>The state after a session step: time, steps taken, tracked body positions, and whether the run is over.</summary>
internal sealed record AdvanceOutcome(double Time, int Step, int TotalSteps, IReadOnlyDictionary<string, Vec3> Positions, bool Done, ModelFinding? Error);
