namespace Leviathan.Simulation.Workers;

/// <summary>A list of doubles in the worker protocol (sample times, frame times): their raw bits, base64.</summary>
internal sealed class PackedDoublesConverter() : PackedValuesConverter<double>("doubles");
