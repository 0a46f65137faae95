namespace Leviathan.Tools.Policy;

/// <summary>One layer that was put on the policy: what it changed and what it asked for that was not applied.</summary>
/// <param name="Source">The file (and section) it came from.</param>
/// <param name="Kind">What kind of layer it is.</param>
/// <param name="Applied">The changes made, in words (<c>added deny rule 'no-make'</c>).</param>
/// <param name="Refused">The changes not made and why (a workspace layer that would widen the policy).</param>
public sealed record PolicyLayer(string Source, PolicyLayerKind Kind, IReadOnlyList<string> Applied, IReadOnlyList<string> Refused);
