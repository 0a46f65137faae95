using Leviathan.Tools.Contract;

namespace Leviathan.Agents.Control;

/// <summary><c>finish {summary}</c>: the engineer believes the work is done; the orchestrator then verifies.</summary>
internal sealed class FinishTool(TeamSignals signals)
    : Tool<FinishArguments>("finish", "Declare the work done. The orchestrator then runs the verification command; a critic reviews the change.")
{
    public const string ToolName = "finish";

    protected override Task<ToolResult> HandleAsync(FinishArguments arguments, ToolContext context, CancellationToken cancellationToken)
    {
        signals.FinishSummary = arguments.Summary;
        return Task.FromResult(ToolResult.Success("Finish noted; verification runs next."));
    }
}
