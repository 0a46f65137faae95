using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Solving;

/// <summary>One parametric part of a candidate: a box (plank, block, wall, platform or pusher plate) in metres and degrees.</summary>
internal sealed record CandidatePart(string Name, Vec3 Size, Vec3 Position, Vec3 Rotation, string Mount);
