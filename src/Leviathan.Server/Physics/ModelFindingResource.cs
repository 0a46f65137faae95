using Leviathan.Simulation;

namespace Leviathan.Server.Physics;

/// <summary>One problem found in a model, with a stable code.</summary>
internal sealed record ModelFindingResource(string Code, string Message, string? Element, int? Line)
{
    public static ModelFindingResource From(ModelFinding finding) => new(finding.Code, finding.Message, finding.Element, finding.Line);
}
