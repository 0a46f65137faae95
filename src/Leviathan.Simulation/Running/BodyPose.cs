namespace Leviathan.Simulation.Running;

/// <summary>A body's position and orientation in the world frame.</summary>
public sealed record BodyPose(Vec3 Position, Quat Orientation);
