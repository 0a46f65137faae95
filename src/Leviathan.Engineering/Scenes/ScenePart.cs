using Leviathan.Engineering.Benchmarks;
using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;

namespace Leviathan.Engineering.Scenes;

/// <summary>A rendered solution part ready for the scene: its mesh, material, world pose (metres), mount, sliding friction and passive hinge (world-mounted parts only).</summary>
public sealed record ScenePart(string Name, CadPart Part, Material Material, Pose Pose, string Mount, double Friction = Solutions.PartSpec.DefaultFriction, HingeSpec? Hinge = null);
