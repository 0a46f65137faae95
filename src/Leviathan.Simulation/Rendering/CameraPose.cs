namespace Leviathan.Simulation.Rendering;

/// <summary>MuJoCo free-camera parameters: what it looks at, from how far, and from which direction (degrees).</summary>
internal readonly record struct CameraPose(Vec3 LookAt, double Distance, double Azimuth, double Elevation);
