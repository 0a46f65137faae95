namespace Leviathan.Engineering.Teams;

/// <summary>The pictures drawn of a judged solution.</summary>
/// <param name="Files">The images written, relative to the solution folder (e.g. <c>renders/cad-iso-env.png</c>), in the order drawn.</param>
/// <param name="Summary">One line: what was drawn, and why a part of it could not be.</param>
public sealed record PhysicsRenders(IReadOnlyList<string> Files, string Summary);
