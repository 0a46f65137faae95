using System.Text.Json;
using Leviathan.Engineering.Json;
using Leviathan.Tools.Contract;

namespace Leviathan.Engineering.Tools;

/// <summary>
/// <c>simulate {samples?}</c>: the evaluator's checks and simulation, with per start the verdict and a trajectory
/// summary (start and end of the payload, closest approach to the goal and when, first time inside the goal,
/// what it touched and when, motor peaks against their limits, why the start failed).
/// </summary>
public sealed class SimulateTool(PhysicsWorkbench workbench) : Tool<SimulateArguments>(
    ToolName,
    "Simulate the solution in MuJoCo under the benchmark's jittered payload starts, as the final evaluation does. Per start: PASS/FAIL, payload start and end, "
    + "first time in the goal or the closest approach and when, what the payload touched, motor peaks against their limits, and why it failed.")
{
    public const string ToolName = "simulate";

    protected override async Task<ToolResult> HandleAsync(SimulateArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(context);
        var (_, report) = await workbench.EvaluateAsync(context.Workspace, simulate: true, arguments.Samples, cancellationToken).ConfigureAwait(false);
        return ToolResult.Success(EvaluationText.Samples(report, workbench.Benchmark)) with
        {
            StructuredContent = JsonSerializer.SerializeToNode(report, EngineeringJsonContext.Default.EvaluationReport),
        };
    }
}
