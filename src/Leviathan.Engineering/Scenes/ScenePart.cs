using Leviathan.Engineering.Geometry;
using Leviathan.Engineering.Materials;
using Leviathan.Engineering.Parts;

namespace Leviathan.Engineering.Scenes;

/// <summary>A rendered solution part ready for the scene: its mesh, material, world pose (metres), mount and sliding friction.</summary>
public sealed record ScenePart(string Name, CadPart Part, Material Material, Pose Pose, string Mount, double Friction = Solutions.PartSpec.DefaultFriction);
