using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;

namespace Leviathan.Engineering.Solving;

/// <summary>
/// One box part of a candidate, in metres and degrees (OpenSCAD Euler angles): a ramp deck or rail, block,
/// wall, pusher plate, lifting platform, lever arm or lever tip; <see cref="Role"/> names which. Made as <see cref="Making"/>;
/// a part with a <see cref="Hinge"/> turns on a passive hinge (a ramp laid as a flap, see <c>SearchSpace.Flap</c>).
/// </summary>
internal sealed record CandidatePart(string Name, string Role, Vec3 Size, Vec3 Position, Vec3 Rotation, string Mount, Making Making, HingeSpec? Hinge = null)
{
    public OrientedBox Box => OrientedBox.From(Position, Size, Geometry.Rotation.FromOpenScadEuler(Rotation));
}
