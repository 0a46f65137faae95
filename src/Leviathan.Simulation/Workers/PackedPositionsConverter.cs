namespace Leviathan.Simulation.Workers;

/// <summary>A list of positions in the worker protocol (trajectories): x, y, z of each as raw double bits, base64.</summary>
internal sealed class PackedPositionsConverter() : PackedValuesConverter<Vec3>("positions");
