using System.Text.Json;
using Leviathan.Engineering.Json;
using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>validate_solution {}</c>: every cheap check at once, without simulating (CAD compiles, build and forbid
/// zones, overlaps with the environment and between parts, weight, cost, allowed processes and materials,
/// manufacturability, motor placement and control ranges). Each failure is a reason code and a sentence with
/// the measured number.
/// </summary>
public sealed class ValidateSolutionTool(PhysicsWorkbench workbench) : Tool<ValidateSolutionArguments>(
    ToolName,
    "Check solution.json and its parts without simulating: CAD compiles, build zone, forbid zones, overlaps with fixtures, payload and other parts, "
    + "weight, unit cost, allowed materials and processes, manufacturability, motor anchors and control ranges. Fast with cached CAD; run it after every change.")
{
    public const string ToolName = "validate_solution";

    protected override async Task<ToolResult> HandleAsync(ValidateSolutionArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (_, report) = await workbench.EvaluateAsync(context.Workspace, simulate: false, samples: null, cancellationToken).ConfigureAwait(false);
        return ToolResult.Success(EvaluationText.Checks(report)) with
        {
            StructuredContent = JsonSerializer.SerializeToNode(report, EngineeringJsonContext.Default.EvaluationReport),
        };
    }
}
