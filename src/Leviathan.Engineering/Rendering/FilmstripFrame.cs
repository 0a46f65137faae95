using Leviathan.Simulation.Rendering;

namespace Leviathan.Engineering.Rendering;

/// <summary>One picture of a filmstrip: when in the run (fraction of the time limit and seconds), from where, and the file.</summary>
public sealed record FilmstripFrame(double Fraction, double Time, CameraView Camera, string Path);
