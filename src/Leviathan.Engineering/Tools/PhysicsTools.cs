using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Tools;

/// <summary>The engineering team's physics tools over one workbench, in the order they are offered.</summary>
public static class PhysicsTools
{
    /// <param name="workbench">The benchmark, CAD pipeline and simulation of the attempt.</param>
    /// <param name="vision">The role's model can see: renders go with the results as images instead of being described.</param>
    public static IReadOnlyList<ITool> Engineer(PhysicsWorkbench workbench, bool vision) =>
    [
        new CadInspectTool(workbench),
        new CadRenderTool(workbench, vision),
        new ValidateSolutionTool(workbench),
        new SimulateTool(workbench, vision),
    ];
}
