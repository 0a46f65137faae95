namespace Leviathan.Simulation.Rendering;

/// <summary>One PNG written by <see cref="SceneRenderer"/>: its place in the sequence, the simulated time it shows, and the view.</summary>
/// <param name="Index">Position in the request's frame times (0 for the first).</param>
/// <param name="Time">Simulated time shown, in seconds (the nearest whole timestep to the time asked for).</param>
/// <param name="Camera">The view the frame was drawn from.</param>
/// <param name="Path">Absolute path of the PNG file.</param>
public sealed record RenderedFrame(int Index, double Time, CameraView Camera, string Path);
